/**
 * The clock of the air-quality and weather demo: which location and hour each record of the
 * stream is, and which real day of the PM10 history that hour replays.
 *
 * Time shift: "today" (UTC) replays the 2008 day of the same month and day, moved by at most
 * three days so the weekday matches too (traffic, hence the hourly shape's weight, follows the
 * week); day d before or after today replays that day ± d, wrapping around within 1998–2008.
 * So the backfill ends with today's hours and the season of the replay is today's.
 *
 * The stream: first the backfill, every hour from 00:00 UTC 13 days ago up to the current hour,
 * for every location (14 days, the last partial); then "live", one hour after another past the
 * current hour, each sent once its hour has begun on the wall clock (producers.ts), never ahead
 * of it: future-dated hours would be left out of the windows as `future`.
 * One slot in `MALFORMED_EVERY` is a malformed record; it takes no hour, so the history has no
 * gaps.
 */

import { HISTORY_FIRST_DAY, HISTORY_LAST_DAY, type Pm10History } from './pm10-history.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Days of history produced on start, today included. */
export const BACKFILL_DAYS = 14;
/** One slot in this many is malformed (the share the weather demo always had: 1 %). */
export const MALFORMED_EVERY = 100;
const MALFORMED_AT = 42;
/** The year "today" replays: the bundled history's last, on which the forecast model was tested, not trained. */
const ANCHOR_YEAR = 2008;

export interface ReplayLocation {
  name: string;
  lat: number;
  lon: number;
  station: string;
  altitudeM: number;
}

/** One slot of the stream: a location's hour, malformed or not. */
export interface ReplaySlot {
  location: ReplayLocation;
  /** Start of the hour, ms since the epoch (UTC). */
  hourMs: number;
  malformed: boolean;
}

export interface ReplayClock {
  /** Slots of the backfill: slots 0 .. backfill − 1. */
  backfill: number;
  slot(k: number): ReplaySlot;
  /** The real date (`YYYY-MM-DD`) the UTC day starting at `dayMs` replays. */
  realDate(dayMs: number): string;
}

export function replayClock(now: number, locations: readonly ReplayLocation[]): ReplayClock {
  if (locations.length === 0) throw new Error('the air-quality demo needs at least one location');
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const firstHour = today - (BACKFILL_DAYS - 1) * DAY_MS;
  const backfillHours = (Math.floor(now / HOUR_MS) * HOUR_MS - firstHour) / HOUR_MS + 1;
  const validRecords = backfillHours * locations.length;
  let backfill = validRecords;
  while (backfill - malformedBefore(backfill) < validRecords) backfill++;
  const anchor = anchorDay(today);
  const first = Date.parse(`${HISTORY_FIRST_DAY}T00:00:00Z`);
  const span = (Date.parse(`${HISTORY_LAST_DAY}T00:00:00Z`) - first) / DAY_MS + 1;
  return {
    backfill,
    slot(k) {
      const malformed = k % MALFORMED_EVERY === MALFORMED_AT;
      const j = k - malformedBefore(k);
      return {
        location: locations[j % locations.length] as ReplayLocation,
        hourMs: firstHour + Math.floor(j / locations.length) * HOUR_MS,
        malformed,
      };
    },
    realDate(dayMs) {
      const offset = Math.round((dayMs - today) / DAY_MS);
      const day = ((((anchor - first) / DAY_MS + offset) % span) + span) % span;
      return new Date(first + day * DAY_MS).toISOString().slice(0, 10);
    },
  };
}

/** Malformed slots before slot k. */
function malformedBefore(k: number): number {
  return Math.floor((k + MALFORMED_EVERY - MALFORMED_AT - 1) / MALFORMED_EVERY);
}

/** The anchor year's day with `today`'s month and day, moved ≤ 3 days to `today`'s weekday. */
function anchorDay(today: number): number {
  const t = new Date(today);
  const same = Date.UTC(ANCHOR_YEAR, t.getUTCMonth(), t.getUTCDate());
  let shift = (t.getUTCDay() - new Date(same).getUTCDay() + 7) % 7;
  if (shift > 3) shift -= 7;
  return same + shift * DAY_MS;
}

/**
 * The station's daily PM10 on `date`; a day the station missed (a few per year) replays its
 * nearest day it has (the earlier on a tie), so each replayed day has a real value.
 */
export function dailyPm10(history: Pm10History, station: string, date: string): number {
  const days = history.get(station);
  if (!days || days.size === 0) throw new Error(`no PM10 history for station ${station}`);
  const exact = days.get(date);
  if (exact !== undefined) return exact;
  const at = Date.parse(`${date}T00:00:00Z`);
  for (let d = 1; d <= 366; d++) {
    const before = days.get(new Date(at - d * DAY_MS).toISOString().slice(0, 10));
    if (before !== undefined) return before;
    const after = days.get(new Date(at + d * DAY_MS).toISOString().slice(0, 10));
    if (after !== undefined) return after;
  }
  throw new Error(`no PM10 for station ${station} within a year of ${date}`);
}
