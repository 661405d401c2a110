/**
 * The detector's thresholds and learning rates. Chosen on 2007 (warm-up 2006) with
 * `npm run eval -- anomalies --year 2007`, never on the held-out 2008; the README has both tables.
 */
export interface DetectorSettings {
  /** Offset added before taking logs (µg/m³), so the ratio of two low readings stays tame. */
  logOffset: number;
  /** Readings learned from before spike and drift flags are raised (stuck needs no warm-up). */
  warmup: number;
  /** EWMA weight of one clean reading in the learned bias, spread and day-to-day change. */
  learningRate: number;
  /** Standardised residual (σ units) at which a reading is a spike. */
  spikeZ: number;
  /**
   * Lag-1 autocorrelation of the log residual assumed by the spike test, which judges the part
   * of today's residual that yesterday's does not predict (0.39 on 2007 against 150 km neighbours).
   */
  persistence: number;
  /** A spike must also be this far (µg/m³) from what was expected, so low-level noise never is one. */
  spikeMinAbs: number;
  /** CUSUM allowance k (σ units per reading) and decision threshold h (σ units). */
  driftAllowance: number;
  driftThreshold: number;
  /** Each reading adds at most this many σ to the CUSUM, so one odd day (a bonfire) does not make a drift. */
  driftClip: number;
  /** Readings after which a drift still going is accepted as the sensor's new level. */
  driftRelearnAfter: number;
  /**
   * Readings after which a spike episode still going is accepted as the sensor's new level, as
   * a long drift is. A daily spike is one day, so never (Infinity); hourly readings keep a
   * whole day's departure from the neighbours, which would otherwise be 24 spikes.
   */
  spikeRelearnAfter: number;
  /** Surprise (−log10 of the chance of the run of identical values) at which a run is stuck. */
  stuckSurprise: number;
  /** Smallest step assumed between two distinct readings of a sensor that reports fractions (µg/m³). */
  fineUnit: number;
  /** Smallest relative day-to-day change assumed, so a very steady sensor is not called stuck at once. */
  minChange: number;
  /** Smallest residual spread assumed (natural-log units). */
  minSpread: number;
}

export const DEFAULT_DETECTOR_SETTINGS: Readonly<DetectorSettings> = {
  logOffset: 5,
  warmup: 14,
  learningRate: 0.05,
  spikeZ: 4.5,
  persistence: 0.4,
  spikeMinAbs: 10,
  driftAllowance: 1,
  driftThreshold: 6,
  driftClip: 2,
  driftRelearnAfter: 12,
  spikeRelearnAfter: Number.POSITIVE_INFINITY,
  stuckSurprise: 5.5,
  fineUnit: 0.1,
  minChange: 0.1,
  minSpread: 0.05,
};
