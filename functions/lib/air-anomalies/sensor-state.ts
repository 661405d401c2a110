import type { AnomalyKind } from './anomaly-kinds.js';

/**
 * What the detector keeps per sensor (location × pollutant) between readings: a dozen numbers,
 * small enough for one DynamoDB item, and plain JSON so it round-trips through one.
 */
export interface SensorState {
  /** Clean readings learned from (flagged ones are never learned). */
  learned: number;
  /** Learned mean of the log residual ln((x + c) / (expected + c)): the sensor's usual ratio to the network. */
  bias: number;
  /** Learned mean absolute deviation of the log residual around `bias`. */
  spread: number;
  /** Learned mean relative change between consecutive clean readings, |Δx| / x. */
  change: number;
  /** Learned share of readings with a fractional part: near 0 for a sensor that reports whole numbers. */
  fine: number;
  /** The previous reading (flagged or not), or null before the first. */
  last: number | null;
  /** The previous clean reading's log residual minus `bias` (0 after a flagged one): local episodes persist a day or two. */
  lastDeviation: number;
  /** Readings in a row equal to the one before them (0 when the last two differ). */
  repeats: number;
  /** −log10 of the chance of the current run of identical readings. */
  surprise: number;
  /** Upper and lower CUSUM statistics of the standardised residual. */
  up: number;
  down: number;
  /** Readings since the current flagged episode began (0 outside one). */
  episodeLength: number;
  /** Kind of the previous reading's flag, or null: a run of one kind is one episode. */
  episode: AnomalyKind | null;
}

/** The state of a sensor never seen: priors the first readings quickly replace. */
export function newSensorState(): SensorState {
  return {
    learned: 0,
    bias: 0,
    spread: 0.3,
    change: 0.3,
    fine: 1,
    last: null,
    lastDeviation: 0,
    repeats: 0,
    surprise: 0,
    up: 0,
    down: 0,
    episodeLength: 0,
    episode: null,
  };
}
