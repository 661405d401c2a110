/**
 * A closed day's flag in the `air-anomalies` table, beside the hourly flags of
 * functions/air-anomalies (flag-item.ts), so `GET /v1/air/anomalies` returns both:
 *
 *   location  S  partition key
 *   at        S  sort key `<day>T00:00:00Z#day#<pollutant>`: inside the day's first hour, where
 *                a time range of the route finds it, and never equal to an hourly key
 *                (`<hour>#<pollutant>`: "day" is not a pollutant)
 *   span      S  `day`: the flag is about the day's mean, not one hour (hourly items have none)
 *
 * An item is written only from a location's committed daily progress (daily-check-store.ts),
 * and a day is judged once per location, so rewriting it (a retry) writes the same item.
 */

import type { AnomalyKind } from '../lib/air-anomalies/index.js';
import type { Pollutant } from '../lib/air-records/index.js';

export interface DailyFlagItem {
  location: string;
  /** `<day>T00:00:00Z#day#<pollutant>`. */
  at: string;
  /** The day's first hour, `YYYY-MM-DDT00:00:00Z`: where the hourly flags' `hour` is. */
  hour: string;
  /** The day, `YYYY-MM-DD`. */
  day: string;
  span: 'day';
  pollutant: Pollutant;
  kind: AnomalyKind;
  /** The detector's statistic over its threshold (≥ 1). */
  score: number;
  /** One line saying why. */
  reason: string;
  /** The day's mean, µg/m³. */
  value: number;
  /** The expectation, µg/m³, or null when there was none. */
  expected: number | null;
  /** `others`: the median of the other declared locations' means of the day; `forecast`: the forecast made for the day. */
  basis: 'others' | 'forecast' | null;
  /** The first hour of the day its episode (a run of flags of one kind) began. */
  episodeStart: string;
  /** Whether this flag began its episode: the one alerted on. */
  alert: boolean;
  /** DynamoDB TTL, epoch seconds: FLAG_RETENTION_DAYS after the day. */
  expiresAt: number;
}

/** The sort key of a closed day's flag. */
export function dailyFlagSortKey(day: string, pollutant: string): string {
  return `${day}T00:00:00Z#day#${pollutant}`;
}
