/**
 * One Kafka record of `feedback-labels` → its validated label event, or a refusal with the
 * reason it is dead-lettered: `too-large` over `MAX_LABEL_RECORD_BYTES`; `invalid` for a
 * tombstone, bytes that are not UTF-8, text that is not JSON, or JSON the shared label
 * validator refuses (the detail names the field and why). Pure.
 */

import { DeadLetterReason } from '../lib/dead-letter/reasons.js';
import { type FeedbackLabelEvent, LabelValidationError, validateLabelEvent } from '../lib/feedback-labels/index.js';
import { type DecodedRecord, valueAsJson } from '../lib/kafka-event/index.js';
import { RecordRejectedError } from '../lib/middleware/errors.js';

/** A label event is a few short fields; the endpoints produce well under 1 KiB. */
export const MAX_LABEL_RECORD_BYTES = 4 * 1024;

export function labelEventOf(record: DecodedRecord): FeedbackLabelEvent {
  const size = record.value?.byteLength ?? 0;
  if (size > MAX_LABEL_RECORD_BYTES) {
    throw new RecordRejectedError(
      DeadLetterReason.TOO_LARGE,
      `${record.coordinates} value is ${size} bytes, over the ${MAX_LABEL_RECORD_BYTES}-byte limit of a label`,
    );
  }
  const json = valueAsJson(record);
  try {
    return validateLabelEvent(json);
  } catch (error) {
    if (!(error instanceof LabelValidationError)) throw error;
    throw new RecordRejectedError(
      DeadLetterReason.INVALID,
      `${record.coordinates} is not a valid label: ${error.field}: ${error.message}`,
      { cause: error },
    );
  }
}
