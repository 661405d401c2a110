/**
 * The hourly rings of an `air-now` item: per pollutant the last `RING_HOURS[p]` hours, one slot
 * per hour of day modulo the ring's length (attribute `r_<pollutant>_<slot>`), each holding
 * `{ hour, version, value }`. A slot is only overwritten by a greater version
 * ("<hour>|<partition>|<offset>", as weather-store.ts), so after any set of updates, in any order
 * and any number of times, each slot holds the newest reading of the newest hour that maps to
 * it: the ring depends on what was delivered, never on the order. Pure.
 */

import type { DecodedRecord } from '../lib/kafka-event/index.js';

/** Hours NowCast reads (EPA): 12 for PM2.5 and PM10, 8 for ozone. */
export const RING_HOURS = { pm25: 12, pm10: 12, o3: 8 } as const;
export type RingPollutant = keyof typeof RING_HOURS;
export const RING_POLLUTANTS = Object.keys(RING_HOURS) as RingPollutant[];

const HOUR_MS = 3_600_000;

/** One slot of a ring. */
export interface RingEntry {
  /** The hour the value is for, `YYYY-MM-DDTHH:00:00Z`. */
  hour: string;
  /** `<hour>|<partition>|<offset>`, zero-padded: the greater wins. */
  version: string;
  /** Hourly concentration in the pollutant's canonical unit (µg/m³ PM, ppb O3). */
  value: number;
}

/** The item attribute of the slot that `hour` maps to in `pollutant`'s ring. */
export function ringSlot(pollutant: RingPollutant, hour: string): string {
  const hours = Math.floor(Date.parse(hour) / HOUR_MS);
  return `r_${pollutant}_${hours % RING_HOURS[pollutant]}`;
}

/** The version a reading's values are stored under. */
export function readingVersion(hour: string, record: Pick<DecodedRecord, 'partition' | 'offset'>): string {
  return `${hour}|${String(record.partition).padStart(5, '0')}|${String(record.offset).padStart(20, '0')}`;
}

/** The newest hour in any ring of `item`, or undefined when the rings are empty. */
export function latestRingHour(item: Record<string, unknown>): string | undefined {
  let latest: string | undefined;
  for (const p of RING_POLLUTANTS)
    for (let s = 0; s < RING_HOURS[p]; s++) {
      const entry = item[`r_${p}_${s}`] as RingEntry | undefined;
      if (entry !== undefined && (latest === undefined || entry.hour > latest)) latest = entry.hour;
    }
  return latest;
}

/**
 * `pollutant`'s hourly values for `hour` and the hours before it, most recent first (NowCast's
 * order), null where the ring holds no value for that hour.
 */
export function ringValues(item: Record<string, unknown>, pollutant: RingPollutant, hour: string): (number | null)[] {
  const at = Date.parse(hour);
  return Array.from({ length: RING_HOURS[pollutant] }, (_, hoursAgo) => {
    const h = new Date(at - hoursAgo * HOUR_MS).toISOString().replace('.000Z', 'Z');
    const entry = item[ringSlot(pollutant, h)] as RingEntry | undefined;
    return entry !== undefined && entry.hour === h ? entry.value : null;
  });
}
