import type { LocatedHour } from './types.js';

/**
 * The Kafka key of an `air-quality` or `weather` record: `<location>|<hour>` for Open-Meteo's,
 * so a re-poll of an hour has the key of the first poll and a consumer keeping the latest per
 * key keeps one; `<location>|<hour>|sensor:<id>` for a sensor's, so two sensors (or a sensor
 * and Open-Meteo) at one place and hour never look like one record. The producers choose
 * the partition by location (partition.ts), not by this key.
 */
export function airRecordKey(record: Pick<LocatedHour, 'location' | 'hour' | 'source'>): string {
  const key = `${record.location}|${record.hour}`;
  return record.source === 'open-meteo' ? key : `${key}|${record.source}`;
}
