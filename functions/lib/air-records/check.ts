import type { AirQualityRecord, Pollutant } from './types.js';

/**
 * What air-anomalies said of a reading, as it forwards every `air-quality` record to
 * `air-quality-checked` (the record unchanged plus `check`):
 *
 * - `clean`: every pollutant of the record was judged and none flagged;
 * - `flagged`: at least one pollutant was flagged (`flags` names each);
 * - `unchecked`: the detector did not judge some pollutant and none was flagged (an hour older
 *   than the sensor's last applied one in a backfill, delivered after a later hour).
 *
 * A re-sent hour that was judged before carries the flags stored for it, so a re-send never
 * launders a flagged value.
 */
export const CHECK_STATUSES = ['clean', 'flagged', 'unchecked'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** The fault kinds a flag names (functions/lib/air-anomalies' ANOMALY_KINDS). */
export const CHECK_FLAG_KINDS = ['spike', 'stuck', 'drift'] as const;
export type CheckFlagKind = (typeof CHECK_FLAG_KINDS)[number];

/** One flagged pollutant of a reading. */
export interface CheckFlag {
  kind: CheckFlagKind;
  /** The detector's statistic over its threshold (≥ 1 when flagged). */
  score: number;
  /** One line saying why, for a person. */
  reason: string;
}

export interface AirQualityCheck {
  status: CheckStatus;
  /** One entry per flagged pollutant (a pollutant the record measures); `{}` when none. */
  flags: Partial<Record<Pollutant, CheckFlag>>;
}

/** An `air-quality-checked` record: an `air-quality` record and what the detector said of it. */
export interface AirQualityCheckedRecord {
  reading: AirQualityRecord;
  check: AirQualityCheck;
}
