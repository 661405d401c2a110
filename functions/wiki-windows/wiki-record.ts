/**
 * One Kafka record → a validated recentchange event, or a refusal with the reason it is
 * dead-lettered: `too-large` over 64 KiB; `invalid` for a tombstone, bytes that are not UTF-8,
 * text that is not JSON, or JSON that is not a recentchange event (the detail names the field).
 * Pure.
 */

import { DeadLetterReason } from '../lib/dead-letter/reasons.js';
import { type DecodedRecord, valueAsJson } from '../lib/kafka-event/index.js';
import { RecordRejectedError } from '../lib/middleware/errors.js';
import {
  MAX_WIKI_EVENT_BYTES,
  validateWikiChange,
  type WikiChange,
  WikiEventValidationError,
} from '../lib/wiki/index.js';

export function wikiChangeOf(record: DecodedRecord): WikiChange {
  const size = record.value?.byteLength ?? 0;
  if (size > MAX_WIKI_EVENT_BYTES) {
    throw new RecordRejectedError(
      DeadLetterReason.TOO_LARGE,
      `${record.coordinates} value is ${size} bytes, over the ${MAX_WIKI_EVENT_BYTES}-byte limit of a recentchange event`,
    );
  }
  const json = valueAsJson(record);
  try {
    return validateWikiChange(json);
  } catch (error) {
    if (!(error instanceof WikiEventValidationError)) throw error;
    throw new RecordRejectedError(
      DeadLetterReason.INVALID,
      `${record.coordinates} is not a recentchange event: ${error.message}`,
      { cause: error },
    );
  }
}
