/**
 * The `air-quality-checked` record air-anomalies forwards for each `air-quality` record it
 * consumed: the record as it came (its JSON, any `check` it carried replaced) plus `check`
 * (functions/lib/air-records/check.ts), keyed by location, with the source record's Kafka
 * timestamp (a stream processor's output keeps its input's time, as Kafka Streams does, so
 * air-windows bounds event time against when the reading was ingested) and partition (why:
 * infra/pipeline.ts, the topic's comment). Pure.
 *
 * Per pollutant the record measures: flagged when `air-anomalies` holds a flag for its
 * (location, hour, pollutant); judged when its sensor's state says the hour was judged
 * (judged-hours.ts). The status is `flagged` if any is flagged, else `unchecked` if any was not
 * judged, else `clean`.
 */

import {
  type AirQualityCheck,
  type AirQualityRecord,
  type CheckFlag,
  MAX_CHECK_REASON_CHARS,
  POLLUTANTS,
} from '../lib/air-records/index.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';
import type { OutgoingRecord } from '../lib/kafka-producer/index.js';
import { flagSortKey } from './flag-item.js';
import { sensorKey } from './sensor-hours.js';

/** The topic air-anomalies forwards every reading to (infra/pipeline.ts). */
export const AIR_QUALITY_CHECKED_TOPIC = 'air-quality-checked';

export interface CheckSources {
  /** The location's stored flags, keyed `<hour>#<pollutant>` (stored-flags.ts). */
  flagsOf(location: string): ReadonlyMap<string, CheckFlag> | undefined;
  /** Whether the sensor `<location>|<pollutant>` judged `hour`. */
  judged(sensor: string, hour: string): boolean;
}

export function readingCheck(reading: AirQualityRecord, sources: CheckSources): AirQualityCheck {
  const stored = sources.flagsOf(reading.location);
  const flags: AirQualityCheck['flags'] = {};
  let unjudged = false;
  for (const p of POLLUTANTS) {
    if (reading.readings[p] === null) continue;
    const flag = stored?.get(flagSortKey(reading.hour, p));
    if (flag !== undefined)
      flags[p] = { kind: flag.kind, score: flag.score, reason: flag.reason.slice(0, MAX_CHECK_REASON_CHARS) };
    else if (!sources.judged(sensorKey(reading.location, p), reading.hour)) unjudged = true;
  }
  const status = Object.keys(flags).length > 0 ? 'flagged' : unjudged ? 'unchecked' : 'clean';
  return { status, flags };
}

/** The record to produce for `record` (whose value is `json`, validated as `reading`). */
export function checkedRecord(
  record: DecodedRecord,
  json: Record<string, unknown>,
  reading: AirQualityRecord,
  check: AirQualityCheck,
): OutgoingRecord {
  return {
    key: reading.location,
    partition: record.partition,
    timestamp: record.timestamp,
    value: { ...json, check },
  };
}
