/** The faults the detector tells apart. */
export const ANOMALY_KINDS = {
  /** One reading far from what the sensor's usual ratio to the network predicts. */
  spike: 'spike',
  /** The same value repeated more often than the sensor's resolution and variability allow. */
  stuck: 'stuck',
  /** A sustained one-sided departure from the expectation (CUSUM on the residuals). */
  drift: 'drift',
} as const;

export type AnomalyKind = (typeof ANOMALY_KINDS)[keyof typeof ANOMALY_KINDS];

/** The detector's answer for one reading. */
export interface AnomalyVerdict {
  /** Whether the reading is flagged: kept and archived, but left out of AQI, alerts and training. */
  anomaly: boolean;
  /** The kind of fault it looks like, or null when not flagged. */
  kind: AnomalyKind | null;
  /**
   * The flagged kind's statistic over its threshold (≥ 1 exactly when flagged); when not
   * flagged, the highest of the three, so a near miss shows.
   */
  score: number;
  /** One line saying why (or, when not flagged, what was checked). */
  reason: string;
  /** True on the first flagged reading of an episode (a run of flags of one kind): the one to alert on. */
  episodeStart: boolean;
}
