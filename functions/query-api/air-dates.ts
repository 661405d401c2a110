/**
 * Days as the air routes speak them: UTC calendar days, `YYYY-MM-DD`, the spelling of the
 * daily windows (aligned to the epoch, so a day's window starts at its UTC midnight) and of the
 * `air-forecasts` sort key.
 */

import { BadParameterError } from './errors.js';
import { type QueryParameters, quote } from './query-parameters.js';

export const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** Epoch ms of a day's UTC midnight. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** `day` moved by `days` (negative: earlier). */
export function addDays(day: string, days: number): string {
  return utcDay(dayStart(day) + days * DAY_MS);
}

/** A date parameter, `YYYY-MM-DD` naming a real day from 1970 on, or undefined when absent. */
export function dateParameter(params: QueryParameters, name: string): string | undefined {
  const text = params.get(name);
  if (text === undefined) return undefined;
  const m = DATE.exec(text);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const d = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC reads years 0–99 as 1900–1999: the year check refuses those too.
  if (!m || year < 1970 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    throw new BadParameterError(name, `${name} must be a date YYYY-MM-DD (UTC, from 1970), got ${quote(text)}`);
  return text;
}
