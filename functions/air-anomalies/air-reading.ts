/**
 * One Kafka record of `air-quality` → its validated reading and its JSON as it came (what
 * air-anomalies forwards, checked-record.ts), or a refusal with the reason it is
 * dead-lettered: `too-large` over MAX_AIR_RECORD_BYTES; `invalid` for another topic, a
 * tombstone, bytes that are not UTF-8, text that is not JSON, or JSON the contract refuses (the
 * detail names the field at fault). The same refusals as air-windows', for the same records:
 * each trigger accounts for every record it is given. Pure.
 */

import {
  type AirQualityRecord,
  AirRecordValidationError,
  MAX_AIR_RECORD_BYTES,
  validateAirQualityRecord,
} from '../lib/air-records/index.js';
import { DeadLetterReason } from '../lib/dead-letter/reasons.js';
import { type DecodedRecord, valueAsJson } from '../lib/kafka-event/index.js';
import { RecordRejectedError } from '../lib/middleware/errors.js';

export function airReadingOf(record: DecodedRecord): { reading: AirQualityRecord; json: Record<string, unknown> } {
  if (record.topic !== 'air-quality')
    throw new RecordRejectedError(
      DeadLetterReason.INVALID,
      `${record.coordinates} is from topic ${record.topic}; air-anomalies reads air-quality`,
    );
  const size = record.value?.byteLength ?? 0;
  if (size > MAX_AIR_RECORD_BYTES)
    throw new RecordRejectedError(
      DeadLetterReason.TOO_LARGE,
      `${record.coordinates} value is ${size} bytes, over the ${MAX_AIR_RECORD_BYTES}-byte limit of an air-quality record`,
    );
  const json = valueAsJson(record);
  try {
    // Valid means a JSON object.
    return { reading: validateAirQualityRecord(json), json: json as Record<string, unknown> };
  } catch (error) {
    if (!(error instanceof AirRecordValidationError)) throw error;
    throw new RecordRejectedError(
      DeadLetterReason.INVALID,
      `${record.coordinates} is not a valid air-quality record: ${error.field}: ${error.message}`,
      { cause: error },
    );
  }
}
