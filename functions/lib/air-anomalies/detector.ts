import { ANOMALY_KINDS, type AnomalyKind, type AnomalyVerdict } from './anomaly-kinds.js';
import { AnomalyReadingError } from './errors.js';
import type { SensorState } from './sensor-state.js';
import { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from './settings.js';

/** One reading of one sensor, with what the network or a forecaster expected it to be. */
export interface SensorReading {
  /** The reading (µg/m³, ≥ 0): a daily or hourly mean. */
  value: number;
  /**
   * What it was expected to be, in the same unit: the median of the other sensors of the
   * network at the same time, a forecast, … Without it only the stuck test runs, because
   * spike and drift are departures from an expectation.
   */
  expected?: number | undefined;
}

/** The detector's answer, and the sensor's state to keep for its next reading. */
export interface DetectorStep {
  state: SensorState;
  verdict: AnomalyVerdict;
}

/** MAD → σ for a normal distribution. */
const SIGMA_PER_MAD = 1.2533;

/**
 * Checks one reading of a sensor against its state: pure, one reading at a time, and the
 * caller stores the returned state (the input state is not modified), so replaying a reading
 * with the state from before it gives the same answer.
 *
 * - stuck: a run of identical values whose chance, given the sensor's resolution (whole
 *   numbers or fractions) and its usual day-to-day change at that level, is below
 *   10^-stuckSurprise. A floor or detection-limit stand-in (DENI051's 5 µg/m³) is a low value
 *   where repeats are likely, so it needs a run far longer than the data ever shows.
 * - spike: the log residual ln((x + c)/(e + c)) is more than spikeZ σ from the sensor's
 *   learned ratio to the expectation, and at least spikeMinAbs µg/m³ away from it.
 * - drift: a two-sided CUSUM on the standardised residual crosses driftThreshold; the episode
 *   ends at the first reading that no longer leans that way by more than the allowance k.
 *
 * Flagged readings are not learned from, so a fault does not become the sensor's normal;
 * a drift that lasts driftRelearnAfter readings is accepted as a new level.
 */
export function checkReading(
  previous: Readonly<SensorState>,
  reading: SensorReading,
  settings: Readonly<DetectorSettings> = DEFAULT_DETECTOR_SETTINGS,
): DetectorStep {
  const x = reading.value;
  if (!Number.isFinite(x) || x < 0) throw new AnomalyReadingError(`value must be a number ≥ 0, got ${x}`);
  const e = reading.expected;
  const hasExpected = e !== undefined && Number.isFinite(e) && e >= 0;
  const s: SensorState = { ...previous };
  const c = settings.logOffset;

  // Stuck: the chance that x repeats the previous reading exactly is about one resolution step
  // over the spread of day-to-day changes (a Laplace density at 0 is 1 / (2 × mean |Δ|)).
  // A whole number from a sensor that reports fractions is a stand-in more often than chance
  // (DENI051's 5 µg/m³ for "below the detection limit"), so it repeats like a whole-number reading.
  const unit = s.fine >= 0.5 && !Number.isInteger(x) ? settings.fineUnit : 1;
  if (s.last !== null && x === s.last) {
    const meanChange = Math.max(s.change, settings.minChange) * Math.max(x, c);
    const p = Math.min(1, unit / (2 * meanChange));
    s.repeats += 1;
    s.surprise += -Math.log10(p);
  } else {
    s.repeats = 0;
    s.surprise = 0;
  }
  const stuckScore = s.surprise / settings.stuckSurprise;

  // Spike and drift: the residual against the expectation, standardised by what this sensor usually shows.
  const warm = s.learned >= settings.warmup;
  let residual = Number.NaN;
  let z = Number.NaN;
  let spikeSigmas = Number.NaN;
  let spikeScore = 0;
  let driftScore = Math.max(s.up, s.down) / settings.driftThreshold;
  let usual = Number.NaN;
  if (hasExpected) {
    residual = Math.log((x + c) / (e + c));
    const sigma = SIGMA_PER_MAD * Math.max(s.spread, settings.minSpread);
    z = (residual - s.bias) / sigma;
    const phi = settings.persistence;
    const predicted = s.bias + phi * s.lastDeviation;
    usual = (e + c) * Math.exp(predicted) - c;
    if (warm) {
      spikeSigmas = (residual - predicted) / (sigma * Math.sqrt(1 - phi * phi));
      spikeScore = Math.abs(spikeSigmas) / settings.spikeZ;
      if (Math.abs(x - usual) < settings.spikeMinAbs) spikeScore = Math.min(spikeScore, 0.99);
    }
  }

  let kind: AnomalyKind | null = null;
  if (stuckScore >= 1) kind = ANOMALY_KINDS.stuck;
  else if (spikeScore >= 1 && s.episode !== ANOMALY_KINDS.drift) kind = ANOMALY_KINDS.spike;
  else if (hasExpected && warm) {
    // A drift episode ends at the first reading that no longer leans its way; outside one, plain CUSUM.
    if (
      s.episode === ANOMALY_KINDS.drift &&
      (s.up > 0 ? z <= settings.driftAllowance : z >= -settings.driftAllowance)
    ) {
      s.up = 0;
      s.down = 0;
    } else {
      const step = Math.max(-settings.driftClip, Math.min(settings.driftClip, z));
      s.up = Math.max(0, s.up + step - settings.driftAllowance);
      s.down = Math.max(0, s.down - step - settings.driftAllowance);
    }
    driftScore = Math.max(s.up, s.down) / settings.driftThreshold;
    if (driftScore >= 1) kind = ANOMALY_KINDS.drift;
  }

  const episodeStart = kind !== null && kind !== s.episode;
  s.episodeLength = kind === null ? 0 : episodeStart ? 1 : s.episodeLength + 1;
  s.episode = kind;

  if (kind === ANOMALY_KINDS.drift && s.episodeLength >= settings.driftRelearnAfter) {
    // Weeks of one-sided departure: accept the new level rather than flag the sensor forever.
    s.bias = residual;
    s.up = 0;
    s.down = 0;
  }
  if (kind === ANOMALY_KINDS.spike && s.episodeLength >= settings.spikeRelearnAfter) {
    // Hours off the neighbours by the same much: a level (a local source, a regional
    // difference), not a spike; judge the next hours from it.
    s.bias = residual;
  }
  s.lastDeviation = kind === null && Number.isFinite(residual) ? residual - s.bias : 0;
  if (kind === null) learn(s, x, residual, settings);
  s.last = x;

  const score = round(
    kind === ANOMALY_KINDS.stuck
      ? stuckScore
      : kind === ANOMALY_KINDS.spike
        ? spikeScore
        : kind === ANOMALY_KINDS.drift
          ? driftScore
          : // A spike that ends a drift episode is not flagged (rare: it must lean the other way);
            // its score stays below 1 so `score ≥ 1` always means flagged.
            Math.min(Math.max(stuckScore, spikeScore, driftScore), 0.999),
  );
  return {
    state: s,
    verdict: {
      anomaly: kind !== null,
      kind,
      score,
      reason: reasonFor(kind, s, x, usual, kind === ANOMALY_KINDS.spike ? spikeSigmas : z, hasExpected, warm),
      episodeStart,
    },
  };
}

/** Moves the learned bias, spread, change and resolution towards a clean reading. */
function learn(s: SensorState, x: number, residual: number, settings: Readonly<DetectorSettings>): void {
  const c = settings.logOffset;
  // While warming up, a running mean (1/n) so the priors fade fast; then an EWMA.
  const rate = Math.max(settings.learningRate, 1 / (s.learned + 1));
  if (Number.isFinite(residual)) {
    const sigma = SIGMA_PER_MAD * Math.max(s.spread, settings.minSpread);
    // Clip at 3σ so one odd but unflagged reading moves the baseline only a little.
    const clipped = s.bias + Math.max(-3 * sigma, Math.min(3 * sigma, residual - s.bias));
    s.bias += rate * (clipped - s.bias);
    s.spread += rate * (Math.abs(clipped - s.bias) - s.spread);
    s.learned += 1;
  }
  if (s.last !== null) {
    const relative = Math.abs(x - s.last) / Math.max((x + s.last) / 2, c);
    s.change += settings.learningRate * (Math.min(relative, 2) - s.change);
  }
  s.fine += settings.learningRate * ((Number.isInteger(x) ? 0 : 1) - s.fine);
}

function reasonFor(
  kind: AnomalyKind | null,
  s: SensorState,
  x: number,
  usual: number,
  z: number,
  hasExpected: boolean,
  warm: boolean,
): string {
  const v = fmt(x);
  switch (kind) {
    case ANOMALY_KINDS.stuck:
      return `stuck: ${v} repeated ${s.repeats + 1} times in a row, a chance of 1 in 10^${s.surprise.toFixed(1)} at this sensor's resolution and usual change`;
    case ANOMALY_KINDS.spike:
      return `spike: ${v} where ${fmt(usual)} was expected from its neighbours, its usual ratio to them and yesterday's (${z.toFixed(1)}σ)`;
    case ANOMALY_KINDS.drift:
      return `drift: ${v}, ${s.up > 0 ? 'above' : 'below'} the expected ${fmt(usual)} for ${s.episodeLength} flagged readings (CUSUM ${Math.max(s.up, s.down).toFixed(1)}σ)`;
    default:
      if (!hasExpected) return `no expectation: only the stuck test ran`;
      if (!warm) return `warming up: ${s.learned} readings learned`;
      return `as expected: ${v} against ${fmt(usual)} (${z.toFixed(1)}σ)`;
  }
}

function fmt(v: number): string {
  return `${Math.round(v * 10) / 10} µg/m³`;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
