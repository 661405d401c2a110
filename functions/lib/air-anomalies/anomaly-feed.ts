import type { AnomalyVerdict } from './anomaly-kinds.js';
import { checkReading } from './detector.js';
import { AnomalyReadingError } from './errors.js';
import { networkExpectations, type SensorLocation } from './network-expectation.js';
import { newSensorState, type SensorState } from './sensor-state.js';
import { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from './settings.js';

/** One sensor's reading for one day (or other time step), as the feed takes it. */
export interface StepReading {
  /** The sensor: a station id, or location × pollutant. */
  sensor: string;
  /** The time step, as a number that increases with time (day number, hour number). */
  step: number;
  /** The reading (µg/m³, ≥ 0). */
  value: number;
  /** An expectation from elsewhere (a forecast); when absent the neighbours' (or network's) median of the step is used. */
  expected?: number | undefined;
  /** Where the sensor is, when the reading says; else the feed's location table is used. */
  location?: SensorLocation | undefined;
}

/** The detector's answer for one reading, with the position of the reading in the feed. */
export interface StepVerdict {
  sensor: string;
  step: number;
  /** Position of the reading among everything added to the feed (0-based). */
  sequence: number;
  verdict: AnomalyVerdict;
}

/**
 * Runs the detector over a network's readings, in time order: the one place that closes a
 * step and computes its network expectations, used by `tandem air anomalies` and by the
 * evaluation, so both judge a reading the same way.
 *
 * A step is closed when a reading of a later step arrives, or by `close()`: the expectation
 * of a reading is the median of the other sensors of its step, and the last of them may come
 * after it. A verdict for step t uses only readings of steps ≤ t.
 */
export class AnomalyFeed {
  /** Per-sensor detector state, by sensor id: what the pipeline would keep in DynamoDB. */
  readonly states = new Map<string, SensorState>();
  private openStep: number | undefined;
  private open: { reading: StepReading; sequence: number }[] = [];
  private sequence = 0;

  /**
   * @param locations where each sensor is, by sensor id (for the neighbours' median)
   * @param settings the detector's thresholds
   */
  constructor(
    private readonly locations: ReadonlyMap<string, SensorLocation> = new Map(),
    private readonly settings: Readonly<DetectorSettings> = DEFAULT_DETECTOR_SETTINGS,
  ) {}

  /**
   * Adds a reading; returns the verdicts of the step it closed (empty when it is of the open
   * step). Throws AnomalyReadingError (adding nothing) for a bad value, a step before the open
   * one, or a second reading of a sensor in the open step.
   */
  add(reading: StepReading): StepVerdict[] {
    if (!Number.isFinite(reading.value) || reading.value < 0) {
      throw new AnomalyReadingError(`value must be a number ≥ 0, got ${reading.value}`);
    }
    if (this.openStep !== undefined && reading.step < this.openStep) {
      throw new AnomalyReadingError('readings must come in date order: this one is dated before the day already open');
    }
    let closed: StepVerdict[] = [];
    if (this.openStep !== undefined && reading.step > this.openStep) closed = this.close();
    if (this.open.some((o) => o.reading.sensor === reading.sensor)) {
      throw new AnomalyReadingError(`a second reading of ${reading.sensor} for the same day`);
    }
    this.openStep = reading.step;
    this.open.push({ reading, sequence: this.sequence++ });
    return closed;
  }

  /** Closes the open step (if any) and returns its verdicts, in the order the readings came. */
  close(): StepVerdict[] {
    const readings = this.open;
    this.open = [];
    this.openStep = undefined;
    const network = networkExpectations(
      readings.map(({ reading }) => reading.value),
      readings.map(({ reading }) => reading.location ?? this.locations.get(reading.sensor)),
    );
    return readings.map(({ reading, sequence }, i) => {
      const state = this.states.get(reading.sensor) ?? newSensorState();
      const step = checkReading(
        state,
        { value: reading.value, expected: reading.expected ?? network[i] },
        this.settings,
      );
      this.states.set(reading.sensor, step.state);
      return { sensor: reading.sensor, step: reading.step, sequence, verdict: step.verdict };
    });
  }
}
