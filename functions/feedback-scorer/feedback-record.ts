/**
 * One Kafka record → validated feedback, or a refusal with the reason it is dead-lettered:
 * `too-large` over `MAX_FEEDBACK_BYTES`; `invalid` for a tombstone, bytes that are not UTF-8,
 * text that is not JSON, or JSON that is not valid feedback (the detail names the field).
 * Pure.
 */

import { DeadLetterReason } from '../lib/dead-letter/reasons.js';
import { type Feedback, FeedbackValidationError, MAX_FEEDBACK_BYTES, validateFeedback } from '../lib/feedback/index.js';
import { type DecodedRecord, valueAsJson } from '../lib/kafka-event/index.js';
import { RecordRejectedError } from '../lib/middleware/errors.js';

/** The feedback a record holds; throws `RecordRejectedError` (or the codec's content error) when it holds none. */
export function feedbackOf(record: DecodedRecord): Feedback {
  const size = record.value?.byteLength ?? 0;
  if (size > MAX_FEEDBACK_BYTES) {
    throw new RecordRejectedError(
      DeadLetterReason.TOO_LARGE,
      `${record.coordinates} value is ${size} bytes, over the ${MAX_FEEDBACK_BYTES}-byte limit of a feedback document`,
    );
  }
  const json = valueAsJson(record);
  try {
    return validateFeedback(json);
  } catch (error) {
    if (!(error instanceof FeedbackValidationError)) throw error;
    throw new RecordRejectedError(
      DeadLetterReason.INVALID,
      `${record.coordinates} is not valid feedback: ${error.field}: ${error.message}`,
      { cause: error },
    );
  }
}
