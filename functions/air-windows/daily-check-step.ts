/**
 * One location's closed days through the anomaly detector with its daily settings (the ones
 * `npm run eval -- anomalies` measured on daily means: drift is a CUSUM over days), from its
 * stored progress: days after the last one applied are checked in date order; the rest (the
 * re-check of the newest closed days every batch does, a replay, a second container) change
 * nothing. Pure: the same progress and means give the same progress and flags, which is what
 * lets a retry rewrite them.
 */

import { FLAG_RETENTION_DAYS } from '../air-anomalies/flag-item.js';
import {
  checkReading,
  DEFAULT_DETECTOR_SETTINGS,
  type DetectorSettings,
  newSensorState,
  type SensorState,
} from '../lib/air-anomalies/index.js';
import { type DailyFlagItem, dailyFlagSortKey } from './daily-flag-item.js';

/** What the state table keeps per location's daily PM10 besides its key and bookkeeping. */
export interface DailyProgress {
  /** The detector's state after `lastDay`. */
  state: SensorState;
  /** The last day applied, `YYYY-MM-DD`, or null before the first. */
  lastDay: string | null;
  /** The day the current episode began, or null outside one. */
  episodeDay: string | null;
}

/** A location's closed day, as the check judges it. */
export interface ClosedDay {
  location: string;
  /** `YYYY-MM-DD`. */
  day: string;
  /** The day's mean PM10, µg/m³ (the daily window's sum / count). */
  value: number;
  /** What it should have been, µg/m³ (daily-expectation.ts), or undefined: only the stuck test runs. */
  expected: number | undefined;
  /** Where `expected` came from. */
  basis: 'others' | 'forecast' | null;
}

export interface DailyStep {
  progress: DailyProgress;
  flags: DailyFlagItem[];
  /** Days judged now. */
  checked: number;
  /** Days at or before the last applied one: not judged again. */
  alreadyChecked: number;
}

/** The detector's settings for daily means: its defaults, chosen on daily means. */
export const DAILY_DETECTOR_SETTINGS: Readonly<DetectorSettings> = DEFAULT_DETECTOR_SETTINGS;

export function newDailyProgress(): DailyProgress {
  return { state: newSensorState(), lastDay: null, episodeDay: null };
}

export function dailyStep(
  previous: DailyProgress,
  days: readonly ClosedDay[],
  settings: Readonly<DetectorSettings> = DAILY_DETECTOR_SETTINGS,
): DailyStep {
  let { state, lastDay, episodeDay } = previous;
  const flags: DailyFlagItem[] = [];
  let checked = 0;
  let alreadyChecked = 0;
  for (const d of [...days].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))) {
    if (lastDay !== null && d.day <= lastDay) {
      alreadyChecked++;
      continue;
    }
    const step = checkReading(state, { value: d.value, expected: d.expected }, settings);
    state = step.state;
    lastDay = d.day;
    checked++;
    const { verdict } = step;
    if (!verdict.anomaly || verdict.kind === null) {
      episodeDay = null;
      continue;
    }
    if (verdict.episodeStart || episodeDay === null) episodeDay = d.day;
    const hour = `${d.day}T00:00:00Z`;
    flags.push({
      location: d.location,
      at: dailyFlagSortKey(d.day, 'pm10'),
      hour,
      day: d.day,
      span: 'day',
      pollutant: 'pm10',
      kind: verdict.kind,
      score: verdict.score,
      reason: verdict.reason,
      value: round(d.value),
      expected: d.expected === undefined ? null : round(d.expected),
      basis: d.basis,
      episodeStart: `${episodeDay}T00:00:00Z`,
      alert: episodeDay === d.day,
      expiresAt: Math.floor(Date.parse(hour) / 1000) + FLAG_RETENTION_DAYS * 86_400,
    });
  }
  return { progress: { state, lastDay, episodeDay }, flags, checked, alreadyChecked };
}

const round = (v: number) => Math.round(v * 100) / 100;
