/**
 * The one validator of `air-quality` records, shared by the poller (before it produces), the
 * HTTP ingest and the consumers, so what is accepted at the door is what consumers accept.
 *
 * Rules: `schemaVersion` 1; `location` 1..100 characters without `|` or control characters;
 * `lat` −90..90 and `lon` −180..180; `hour` exactly `YYYY-MM-DDTHH:00:00Z` naming a real hour;
 * `source` `open-meteo` or `sensor:<id>`; `readings` an object whose keys are pollutants
 * (pm25, pm10, o3, no2, so2, co), each null or `{ value, unit }` with a unit allowed for the
 * pollutant and a finite value from 0 up to the pollutant's limit (checked in its canonical
 * unit), at least one not null. A missing pollutant reads as null. Other top-level fields are
 * dropped.
 */

import { CANONICAL_UNIT, canonicalConcentration } from './concentrations.js';
import { AirRecordValidationError } from './errors.js';
import {
  coordinatesProblem,
  describe,
  type Fields,
  hourProblem,
  locationProblem,
  objectProblem,
  schemaVersionProblem,
  sourceProblem,
} from './fields.js';
import { MAX_CONCENTRATION } from './limits.js';
import {
  AIR_RECORD_SCHEMA_VERSION,
  type AirQualityRecord,
  type AirRecordProblem,
  type AirRecordSource,
  type Concentration,
  type ConcentrationUnit,
  POLLUTANT_UNITS,
  POLLUTANTS,
  type Pollutant,
} from './types.js';

const POLLUTANT_SET: ReadonlySet<string> = new Set(POLLUTANTS);

/** The first problem of a would-be `air-quality` record, or undefined when it is valid. */
export function airQualityRecordProblem(value: unknown): AirRecordProblem | undefined {
  const notObject = objectProblem(value, 'an air-quality record');
  if (notObject) return notObject;
  const v = value as Fields;
  return (
    schemaVersionProblem(v) ??
    locationProblem(v) ??
    coordinatesProblem(v) ??
    hourProblem(v) ??
    sourceProblem(v, 'any') ??
    readingsProblem(v.readings)
  );
}

/** Whether `value` is a valid `air-quality` record (extra top-level fields allowed). */
export function isAirQualityRecord(value: unknown): value is AirQualityRecord {
  return airQualityRecordProblem(value) === undefined;
}

/** The record in `value`, with only its schema's fields and every pollutant present; throws `AirRecordValidationError`. */
export function validateAirQualityRecord(value: unknown): AirQualityRecord {
  const problem = airQualityRecordProblem(value);
  if (problem !== undefined) throw new AirRecordValidationError(problem);
  const v = value as Fields;
  const given = v.readings as Partial<Record<Pollutant, Concentration | null>>;
  const readings = {} as Record<Pollutant, Concentration | null>;
  for (const p of POLLUTANTS) {
    const c = given[p];
    readings[p] = c == null ? null : { value: c.value, unit: c.unit };
  }
  return {
    schemaVersion: AIR_RECORD_SCHEMA_VERSION,
    location: v.location as string,
    lat: v.lat as number,
    lon: v.lon as number,
    hour: v.hour as string,
    source: v.source as AirRecordSource,
    readings,
  };
}

function readingsProblem(readings: unknown): AirRecordProblem | undefined {
  const notObject = objectProblem(readings, 'readings', 'readings');
  if (notObject) return notObject;
  const r = readings as Fields;
  let measured = 0;
  for (const key of Object.keys(r)) {
    if (!POLLUTANT_SET.has(key))
      return {
        field: `readings.${key.slice(0, 40)}`,
        message: `readings has an unknown pollutant ${JSON.stringify(key.slice(0, 40))}; known: ${POLLUTANTS.join(', ')}`,
      };
    const problem = concentrationProblem(key as Pollutant, r[key]);
    if (problem) return problem;
    if (r[key] !== null) measured++;
  }
  if (measured === 0)
    return { field: 'readings', message: 'readings must hold at least one pollutant that is not null' };
  return undefined;
}

function concentrationProblem(pollutant: Pollutant, c: unknown): AirRecordProblem | undefined {
  const at = `readings.${pollutant}`;
  if (c === null) return undefined;
  const notObject = objectProblem(c, `${at} (null or { value, unit })`, at);
  if (notObject) return notObject;
  const { value, unit } = c as Fields;
  const allowed: readonly string[] = POLLUTANT_UNITS[pollutant];
  if (typeof unit !== 'string' || !allowed.includes(unit))
    return {
      field: `${at}.unit`,
      message: `${at}.unit must be one of ${allowed.join(', ')}, got ${JSON.stringify(unit) ?? 'nothing'}`,
    };
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { field: `${at}.value`, message: `${at}.value must be a finite number, got ${describe(value)}` };
  if (value < 0) return { field: `${at}.value`, message: `${at}.value must not be negative, got ${value}` };
  const canonical = canonicalConcentration(pollutant, { value, unit: unit as ConcentrationUnit });
  const max = MAX_CONCENTRATION[pollutant];
  if (canonical > max)
    return {
      field: `${at}.value`,
      message: `${at}.value ${value} ${unit} is above the plausible limit of ${max} ${CANONICAL_UNIT[pollutant]}`,
    };
  return undefined;
}
