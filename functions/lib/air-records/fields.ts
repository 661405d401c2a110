/**
 * Checks of the fields both records share. Each returns the first problem, or undefined when
 * the field is valid; the validators chain them with `??` so the first fault is reported.
 */

import { MAX_LOCATION_CHARS, MAX_SENSOR_ID_CHARS } from './limits.js';
import { AIR_RECORD_SCHEMA_VERSION, type AirRecordProblem } from './types.js';

/** `YYYY-MM-DDTHH:00:00Z`: one spelling per hour, so the hour makes a stable record key. */
const HOUR = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):00:00Z$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SENSOR_SOURCE = new RegExp(`^sensor:[A-Za-z0-9._-]{1,${MAX_SENSOR_ID_CHARS}}$`);
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

export type Fields = Record<string, unknown>;

/** `(body)` problem when `value` is not a plain JSON object. */
export function objectProblem(value: unknown, what: string, field = '(body)'): AirRecordProblem | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return undefined;
  return { field, message: `${what} must be a JSON object, got ${describe(value)}` };
}

export function schemaVersionProblem(v: Fields): AirRecordProblem | undefined {
  if (v.schemaVersion === AIR_RECORD_SCHEMA_VERSION) return undefined;
  return {
    field: 'schemaVersion',
    message: `schemaVersion must be ${AIR_RECORD_SCHEMA_VERSION}, got ${JSON.stringify(v.schemaVersion) ?? 'nothing'}`,
  };
}

export function locationProblem(v: Fields): AirRecordProblem | undefined {
  const location = v.location;
  if (typeof location !== 'string')
    return { field: 'location', message: `location is required and must be a string, got ${describe(location)}` };
  if (location.trim().length === 0) return { field: 'location', message: 'location must not be blank' };
  if (location.length > MAX_LOCATION_CHARS)
    return {
      field: 'location',
      message: `location must be at most ${MAX_LOCATION_CHARS} characters, got ${location.length}`,
    };
  // `|` separates the parts of the record key; control characters have no place in a name.
  if (location.includes('|') || CONTROL.test(location))
    return { field: 'location', message: 'location must not contain "|" or control characters' };
  return undefined;
}

export function coordinatesProblem(v: Fields): AirRecordProblem | undefined {
  return rangeProblem(v, 'lat', -90, 90, 'degrees', true) ?? rangeProblem(v, 'lon', -180, 180, 'degrees', true);
}

export function hourProblem(v: Fields): AirRecordProblem | undefined {
  const hour = v.hour;
  const bad = {
    field: 'hour',
    message: `hour must be an RFC 3339 UTC hour, YYYY-MM-DDTHH:00:00Z, got ${JSON.stringify(typeof hour === 'string' ? hour.slice(0, 64) : hour) ?? 'nothing'}`,
  };
  if (typeof hour !== 'string') return bad;
  const m = HOUR.exec(hour);
  if (!m || !realDate(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23) return bad;
  return undefined;
}

export function dateProblem(value: unknown, field: string): AirRecordProblem | undefined {
  const bad = { field, message: `${field} must be a date YYYY-MM-DD, got ${JSON.stringify(value) ?? 'nothing'}` };
  if (typeof value !== 'string') return bad;
  const m = DATE.exec(value);
  return m && realDate(Number(m[1]), Number(m[2]), Number(m[3])) ? undefined : bad;
}

/** `open-meteo`, or `sensor:<id>` with an id of 1..64 letters, digits, `.`, `_`, `-`. */
export function sourceProblem(v: Fields, sources: 'any' | 'open-meteo'): AirRecordProblem | undefined {
  const source = v.source;
  if (source === 'open-meteo') return undefined;
  if (sources === 'any' && typeof source === 'string' && SENSOR_SOURCE.test(source)) return undefined;
  const allowed =
    sources === 'any'
      ? `"open-meteo" or "sensor:<id>" (id: 1..${MAX_SENSOR_ID_CHARS} of A-Z a-z 0-9 . _ -)`
      : '"open-meteo"';
  return {
    field: 'source',
    message: `source must be ${allowed}, got ${JSON.stringify(typeof source === 'string' ? source.slice(0, 80) : source) ?? 'nothing'}`,
  };
}

/**
 * A finite number in [min, max] in `unit`; `required` false lets null (and absence) through.
 * `field` is the key in `v`; `path` the full path reported.
 */
export function rangeProblem(
  v: Fields,
  field: string,
  min: number,
  max: number,
  unit: string,
  required: boolean,
  path = field,
): AirRecordProblem | undefined {
  const value = v[field];
  if (value === null || value === undefined) {
    return required ? { field: path, message: `${path} is required and must be a number (${unit})` } : undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { field: path, message: `${path} must be a finite number (${unit}), got ${describe(value)}` };
  if (value < min || value > max)
    return { field: path, message: `${path} must be in ${min}..${max} ${unit}, got ${value}` };
  return undefined;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value;
}

function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
