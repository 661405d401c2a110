/**
 * The `air-anomalies` table: one item per flagged reading, kept (the reading itself is kept and
 * archived like any other; this says it is not to be trusted).
 *
 *   location  S  partition key
 *   at        S  sort key `<hour>#<pollutant>`: a location's flags in time order, so a time
 *                range is one Query (`GET /v1/air/anomalies`)
 *
 * An item is written only from a sensor's committed state (state-store.ts), and an hour is
 * judged once per sensor, so rewriting it (a retry) writes the same item.
 */

import type { AnomalyKind } from '../lib/air-anomalies/index.js';
import type { Pollutant } from '../lib/air-records/index.js';

/** Flags are kept this long (DynamoDB TTL), like the daily means' 400 days. */
export const FLAG_RETENTION_DAYS = 400;

export interface AnomalyFlagItem {
  location: string;
  /** `<hour>#<pollutant>`. */
  at: string;
  /** The reading's hour, `YYYY-MM-DDTHH:00:00Z`. */
  hour: string;
  pollutant: Pollutant;
  kind: AnomalyKind;
  /** The detector's statistic over its threshold (≥ 1). */
  score: number;
  /** One line saying why. */
  reason: string;
  /** The reading, µg/m³. */
  value: number;
  /** What the other locations' median said, µg/m³, or null when there was none. */
  expected: number | null;
  /** The hour the episode (a run of flags of one kind) this flag belongs to began. */
  episodeStart: string;
  /** Whether this flag began its episode: the one alerted on. */
  alert: boolean;
  /** Where the reading is in the topic. */
  partition: number;
  offset: number;
  /** DynamoDB TTL, epoch seconds: FLAG_RETENTION_DAYS after the reading's hour. */
  expiresAt: number;
}

/** The sort key of a flag. */
export function flagSortKey(hour: string, pollutant: string): string {
  return `${hour}#${pollutant}`;
}
