/**
 * A batch's readings as the detector takes them: one value per sensor (location × pollutant)
 * and hour, in µg/m³, with the expectation of its hour, in hour order per sensor. Pure.
 *
 * - A location's hour may come more than once (the poller re-sends the last 3 hours every
 *   15 minutes, a batch may be replayed): the first of them in the topic (lowest partition,
 *   then offset) stands for the hour, as it would had they come in separate batches, where the
 *   sensor's state takes only the first (state-store.ts).
 * - The expectation is the median of the other declared locations' readings of the same
 *   pollutant and hour in the batch, when at least MIN_OTHERS reported; else there is none, and
 *   only the stuck test runs. The detector's own network median wants 3 others
 *   (MIN_NETWORK_SIZE); with the 4 declared locations that would leave every hour one
 *   location is missing without a spike test. With exactly two others the expectation is the
 *   one nearer the sensor's own value, not their median: the median of two is their mean, and
 *   one faulty neighbour (a ×6 spike) would drag it halfway and make every sound location of
 *   that hour look like a spike; judged against the nearer one, a reading is flagged only when
 *   it disagrees with both others, and a sensor that spikes still does.
 * - Every pollutant is judged in µg/m³ (gases converted at 25 °C and 1 atm), the unit the
 *   detector's absolute settings (a spike is ≥ 10 µg/m³ off, the log offset of 5 µg/m³) mean.
 */

import { type AirQualityRecord, concentrationIn, POLLUTANTS, type Pollutant } from '../lib/air-records/index.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';

/** Fewest other locations reporting the pollutant in the same hour for their median to be an expectation. */
export const MIN_OTHERS = 2;

/** One sensor's reading of one hour, ready for the detector. */
export interface SensorHour {
  /** `<location>|<pollutant>`: the state table's key. */
  sensor: string;
  location: string;
  pollutant: Pollutant;
  /** `YYYY-MM-DDTHH:00:00Z`. */
  hour: string;
  /** The reading, µg/m³. */
  value: number;
  /** The median of the other locations of the hour, µg/m³, or undefined. */
  expected: number | undefined;
  /** The Kafka record it came from. */
  record: DecodedRecord;
}

/** The sensor key of a location's pollutant. */
export function sensorKey(location: string, pollutant: Pollutant): string {
  return `${location}|${pollutant}`;
}

/** Per sensor, its readings of the batch in hour order (one per hour). */
export function sensorHours(
  readings: readonly { record: DecodedRecord; reading: AirQualityRecord }[],
  declared: ReadonlySet<string>,
): Map<string, SensorHour[]> {
  // The first record per (location, hour) in topic order.
  const first = new Map<string, { record: DecodedRecord; reading: AirQualityRecord }>();
  for (const r of readings) {
    const id = `${r.reading.location}|${r.reading.hour}`;
    const held = first.get(id);
    if (held === undefined || before(r.record, held.record)) first.set(id, r);
  }
  const all: SensorHour[] = [];
  // Values of the declared locations per (pollutant, hour), for the medians.
  const network = new Map<string, { location: string; value: number }[]>();
  for (const { record, reading } of first.values())
    for (const pollutant of POLLUTANTS) {
      const c = reading.readings[pollutant];
      if (c === null) continue;
      const value = concentrationIn(pollutant, c, 'µg/m³');
      const hour = reading.hour;
      all.push({
        sensor: sensorKey(reading.location, pollutant),
        location: reading.location,
        pollutant,
        hour,
        value,
        expected: undefined,
        record,
      });
      if (declared.has(reading.location)) {
        const id = `${pollutant}|${hour}`;
        network.set(id, [...(network.get(id) ?? []), { location: reading.location, value }]);
      }
    }
  const bySensor = new Map<string, SensorHour[]>();
  for (const h of all) {
    const others = (network.get(`${h.pollutant}|${h.hour}`) ?? [])
      .filter((o) => o.location !== h.location)
      .map((o) => o.value);
    if (others.length === 2) h.expected = nearest(others, h.value);
    else if (others.length >= MIN_OTHERS) h.expected = median(others);
    bySensor.set(h.sensor, [...(bySensor.get(h.sensor) ?? []), h]);
  }
  for (const hours of bySensor.values()) hours.sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0));
  return bySensor;
}

function before(a: DecodedRecord, b: DecodedRecord): boolean {
  return a.partition < b.partition || (a.partition === b.partition && a.offset < b.offset);
}

/** The value nearest `to` (the lower of two equally near). */
function nearest(values: number[], to: number): number {
  return values.reduce((best, v) => {
    const d = Math.abs(v - to);
    const bestD = Math.abs(best - to);
    return d < bestD || (d === bestD && v < best) ? v : best;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length;
  return m % 2 === 1
    ? (sorted[(m - 1) / 2] as number)
    : ((sorted[m / 2 - 1] as number) + (sorted[m / 2] as number)) / 2;
}
