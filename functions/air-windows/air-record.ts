/**
 * One Kafka record of `air-quality-checked` or `weather` → its validated record, or a refusal
 * with the reason it is dead-lettered: `too-large` over the topic's limit
 * (MAX_AIR_CHECKED_RECORD_BYTES, MAX_AIR_RECORD_BYTES); `invalid` for a record of another topic
 * (`air-quality` itself included: a reading the detector has not seen is not read here), a
 * tombstone, bytes that are not UTF-8, text that is not JSON, or JSON the topic's validator
 * refuses (the detail names the field at fault and why). Pure.
 */

import {
  type AirQualityCheck,
  type AirQualityRecord,
  AirRecordValidationError,
  MAX_AIR_CHECKED_RECORD_BYTES,
  MAX_AIR_RECORD_BYTES,
  validateAirQualityCheckedRecord,
  validateWeatherRecord,
  type WeatherRecord,
} from '../lib/air-records/index.js';
import { DeadLetterReason } from '../lib/dead-letter/reasons.js';
import { type DecodedRecord, valueAsJson } from '../lib/kafka-event/index.js';
import { RecordRejectedError } from '../lib/middleware/errors.js';

export type AirTopicRecord =
  | { topic: 'air-quality-checked'; reading: AirQualityRecord; check: AirQualityCheck }
  | { topic: 'weather'; weather: WeatherRecord };

export function airTopicRecordOf(record: DecodedRecord): AirTopicRecord {
  if (record.topic !== 'air-quality-checked' && record.topic !== 'weather')
    throw new RecordRejectedError(
      DeadLetterReason.INVALID,
      `${record.coordinates} is from topic ${record.topic}; air-windows reads air-quality-checked and weather`,
    );
  const size = record.value?.byteLength ?? 0;
  const limit = record.topic === 'weather' ? MAX_AIR_RECORD_BYTES : MAX_AIR_CHECKED_RECORD_BYTES;
  if (size > limit)
    throw new RecordRejectedError(
      DeadLetterReason.TOO_LARGE,
      `${record.coordinates} value is ${size} bytes, over the ${limit}-byte limit of a ${record.topic} record`,
    );
  const json = valueAsJson(record);
  try {
    return record.topic === 'air-quality-checked'
      ? { topic: 'air-quality-checked', ...validateAirQualityCheckedRecord(json) }
      : { topic: 'weather', weather: validateWeatherRecord(json) };
  } catch (error) {
    if (!(error instanceof AirRecordValidationError)) throw error;
    throw new RecordRejectedError(
      DeadLetterReason.INVALID,
      `${record.coordinates} is not a valid ${record.topic} record: ${error.field}: ${error.message}`,
      { cause: error },
    );
  }
}
