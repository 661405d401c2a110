/**
 * Reads Open-Meteo's documented JSON answer: `utc_offset_seconds`, and per resolution
 * (`hourly`, `daily`) a `time` array (`2026-12-05T13:00` for hours, `2026-12-05` for days, in
 * the requested time zone, here UTC) beside one array per variable of the same length, numbers
 * or null where the model has no value, and `<resolution>_units` naming each variable's unit.
 * Anything else is an `OpenMeteoResponseError` naming where, never a record built from a guess.
 */

import { OpenMeteoResponseError } from './errors.js';

/** One resolution's series: times (RFC 3339 UTC for hours, `YYYY-MM-DD` for days) and values per variable. */
export interface Series {
  times: string[];
  values: Record<string, (number | null)[]>;
}

const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}:00$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Most entries a series may have: 16 days of hours, Open-Meteo's longest forecast. */
const MAX_ENTRIES = 16 * 24 + 24;

/**
 * The series of `resolution` in `body`, checking each requested variable is there in `units`.
 * `units` maps a variable to the unit(s) it must come in (Open-Meteo writes µg/m³ with a Greek mu).
 */
export function readSeries(
  body: unknown,
  resolution: 'hourly' | 'daily',
  units: Record<string, readonly string[]>,
): Series {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new OpenMeteoResponseError('(body)', 'the answer is not a JSON object');
  const b = body as Record<string, unknown>;
  if (b.utc_offset_seconds !== 0)
    throw new OpenMeteoResponseError(
      'utc_offset_seconds',
      `expected 0 (timezone=UTC), got ${JSON.stringify(b.utc_offset_seconds)}`,
    );
  const data = b[resolution];
  const unitsOf = b[`${resolution}_units`];
  if (typeof data !== 'object' || data === null)
    throw new OpenMeteoResponseError(resolution, 'missing or not an object');
  if (typeof unitsOf !== 'object' || unitsOf === null)
    throw new OpenMeteoResponseError(`${resolution}_units`, 'missing or not an object');
  const d = data as Record<string, unknown>;
  const u = unitsOf as Record<string, unknown>;
  const time = d.time;
  const pattern = resolution === 'hourly' ? HOUR : DAY;
  if (!Array.isArray(time) || time.length > MAX_ENTRIES || !time.every((t) => typeof t === 'string' && pattern.test(t)))
    throw new OpenMeteoResponseError(
      `${resolution}.time`,
      `expected an array of at most ${MAX_ENTRIES} ${resolution === 'hourly' ? 'YYYY-MM-DDTHH:00' : 'YYYY-MM-DD'} strings`,
    );
  const values: Record<string, (number | null)[]> = {};
  for (const [variable, allowed] of Object.entries(units)) {
    const series = d[variable];
    if (!Array.isArray(series) || series.length !== time.length)
      throw new OpenMeteoResponseError(`${resolution}.${variable}`, `expected an array of ${time.length} values`);
    if (!series.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v))))
      throw new OpenMeteoResponseError(`${resolution}.${variable}`, 'expected numbers or null');
    if (!allowed.includes(u[variable] as string))
      throw new OpenMeteoResponseError(
        `${resolution}_units.${variable}`,
        `expected ${allowed.join(' or ')}, got ${JSON.stringify(u[variable])}`,
      );
    values[variable] = series as (number | null)[];
  }
  const times = resolution === 'hourly' ? (time as string[]).map((t) => `${t}:00Z`) : (time as string[]);
  return { times, values };
}
