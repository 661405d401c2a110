/**
 * One sensor's readings of a batch through the detector, from its stored state: the readings
 * of hours after the last one applied are checked in hour order; the rest (a replay, a retry,
 * the poller's re-send of an hour, an hour delivered after a later one) change nothing and are
 * counted as already checked. Pure: the same state and readings give the same state and flags,
 * which is what lets a retry rewrite them.
 */

import { checkReading, newSensorState, type SensorState } from '../lib/air-anomalies/index.js';
import type { DetectorSettings } from '../lib/air-anomalies/settings.js';
import { type AnomalyFlagItem, FLAG_RETENTION_DAYS, flagSortKey } from './flag-item.js';
import { judgeHour } from './judged-hours.js';
import type { SensorHour } from './sensor-hours.js';

/** What the state table keeps per sensor besides its key and bookkeeping. */
export interface SensorProgress {
  /** The detector's state after `lastHour`. */
  state: SensorState;
  /** The last hour applied, `YYYY-MM-DDTHH:00:00Z`, or null before the first. */
  lastHour: string | null;
  /** The hour the current episode began, or null outside one. */
  episodeHour: string | null;
  /** Which of the hours up to `lastHour` were judged (judged-hours.ts); absent in states written before it. */
  judged?: string;
}

export interface SensorStep {
  progress: SensorProgress;
  flags: AnomalyFlagItem[];
  /** Readings judged now. */
  checked: number;
  /** Readings of hours already applied (or older): not judged again. */
  alreadyChecked: number;
}

export function newSensorProgress(): SensorProgress {
  return { state: newSensorState(), lastHour: null, episodeHour: null };
}

export function sensorStep(
  previous: SensorProgress,
  hours: readonly SensorHour[],
  settings: Readonly<DetectorSettings>,
): SensorStep {
  let { state, lastHour, episodeHour, judged } = previous;
  const flags: AnomalyFlagItem[] = [];
  let checked = 0;
  let alreadyChecked = 0;
  for (const h of hours) {
    if (lastHour !== null && h.hour <= lastHour) {
      alreadyChecked++;
      continue;
    }
    const step = checkReading(state, { value: h.value, expected: h.expected }, settings);
    state = step.state;
    judged = judgeHour(judged, lastHour, h.hour);
    lastHour = h.hour;
    checked++;
    const { verdict } = step;
    if (!verdict.anomaly || verdict.kind === null) {
      episodeHour = null;
      continue;
    }
    if (verdict.episodeStart || episodeHour === null) episodeHour = h.hour;
    flags.push({
      location: h.location,
      at: flagSortKey(h.hour, h.pollutant),
      hour: h.hour,
      pollutant: h.pollutant,
      kind: verdict.kind,
      score: verdict.score,
      reason: verdict.reason,
      value: h.value,
      expected: h.expected ?? null,
      episodeStart: episodeHour,
      alert: episodeHour === h.hour,
      partition: h.record.partition,
      offset: h.record.offset,
      expiresAt: Math.floor(Date.parse(h.hour) / 1000) + FLAG_RETENTION_DAYS * 86_400,
    });
  }
  return {
    progress: { state, lastHour, episodeHour, ...(judged === undefined ? {} : { judged }) },
    flags,
    checked,
    alreadyChecked,
  };
}
