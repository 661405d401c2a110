/**
 * One Kafka record of `air-quality` or `weather` → its validated record, or a refusal with the
 * reason it is dead-lettered: `too-large` over MAX_AIR_RECORD_BYTES; `invalid` for a record of
 * another topic, a tombstone, bytes that are not UTF-8, text that is not JSON, or JSON the
 * topic's validator refuses (the detail names the field at fault and why). Pure.
 */

import {
  type AirQualityRecord,
  AirRecordValidationError,
  MAX_AIR_RECORD_BYTES,
  validateAirQualityRecord,
  validateWeatherRecord,
  type WeatherRecord,
} from '../lib/air-records/index.js';
import { DeadLetterReason } from '../lib/dead-letter/reasons.js';
import { type DecodedRecord, valueAsJson } from '../lib/kafka-event/index.js';
import { RecordRejectedError } from '../lib/middleware/errors.js';

export type AirTopicRecord =
  | { topic: 'air-quality'; reading: AirQualityRecord }
  | { topic: 'weather'; weather: WeatherRecord };

export function airTopicRecordOf(record: DecodedRecord): AirTopicRecord {
  if (record.topic !== 'air-quality' && record.topic !== 'weather')
    throw new RecordRejectedError(
      DeadLetterReason.INVALID,
      `${record.coordinates} is from topic ${record.topic}; air-windows reads air-quality and weather`,
    );
  const size = record.value?.byteLength ?? 0;
  if (size > MAX_AIR_RECORD_BYTES)
    throw new RecordRejectedError(
      DeadLetterReason.TOO_LARGE,
      `${record.coordinates} value is ${size} bytes, over the ${MAX_AIR_RECORD_BYTES}-byte limit of an ${record.topic} record`,
    );
  const json = valueAsJson(record);
  try {
    return record.topic === 'air-quality'
      ? { topic: 'air-quality', reading: validateAirQualityRecord(json) }
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
