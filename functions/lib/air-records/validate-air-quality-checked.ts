/**
 * The validator of `air-quality-checked` records: an `air-quality` record (the same rules,
 * validate-air-quality.ts) plus `check` (check.ts): `status` one of clean, flagged, unchecked;
 * `flags` an object whose keys are pollutants the record measures, each `{ kind, score, reason }`
 * with a known kind, a finite score and a reason of 1..MAX_CHECK_REASON_CHARS characters;
 * `flagged` exactly when `flags` holds one. air-anomalies builds the records it produces with the
 * same types and air-windows refuses what this refuses, so a reader can rely on a flagged
 * pollutant having a value to leave out.
 */

import { type AirQualityCheck, type AirQualityCheckedRecord, CHECK_FLAG_KINDS, CHECK_STATUSES } from './check.js';
import { AirRecordValidationError } from './errors.js';
import { describe, type Fields, objectProblem } from './fields.js';
import { MAX_CHECK_REASON_CHARS } from './limits.js';
import type { AirRecordProblem, Pollutant } from './types.js';
import { airQualityRecordProblem, validateAirQualityRecord } from './validate-air-quality.js';

/** The first problem of a would-be `air-quality-checked` record, or undefined when it is valid. */
export function airQualityCheckedRecordProblem(value: unknown): AirRecordProblem | undefined {
  return airQualityRecordProblem(value) ?? checkProblem(value as Fields);
}

/** The record and its check, with only their schemas' fields; throws `AirRecordValidationError`. */
export function validateAirQualityCheckedRecord(value: unknown): AirQualityCheckedRecord {
  const problem = airQualityCheckedRecordProblem(value);
  if (problem !== undefined) throw new AirRecordValidationError(problem);
  const given = (value as Fields).check as AirQualityCheck;
  const flags: AirQualityCheck['flags'] = {};
  for (const [p, f] of Object.entries(given.flags))
    if (f !== undefined) flags[p as Pollutant] = { kind: f.kind, score: f.score, reason: f.reason };
  return { reading: validateAirQualityRecord(value), check: { status: given.status, flags } };
}

function checkProblem(v: Fields): AirRecordProblem | undefined {
  const notObject = objectProblem(v.check, 'check', 'check');
  if (notObject) return notObject;
  const check = v.check as Fields;
  if (typeof check.status !== 'string' || !(CHECK_STATUSES as readonly string[]).includes(check.status))
    return {
      field: 'check.status',
      message: `check.status must be one of ${CHECK_STATUSES.join(', ')}, got ${describe(check.status)}`,
    };
  const flagsNotObject = objectProblem(check.flags, 'check.flags', 'check.flags');
  if (flagsNotObject) return flagsNotObject;
  const flags = check.flags as Fields;
  const readings = v.readings as Fields;
  for (const [pollutant, flag] of Object.entries(flags)) {
    const at = `check.flags.${pollutant.slice(0, 40)}`;
    // A flag on a pollutant the record does not measure would leave nothing out, and says the
    // producer got the record wrong.
    if (readings[pollutant] == null)
      return { field: at, message: `${at} flags a pollutant the record does not measure` };
    const problem = flagProblem(flag, at);
    if (problem) return problem;
  }
  const flagged = Object.keys(flags).length > 0;
  if (flagged !== (check.status === 'flagged'))
    return {
      field: 'check.status',
      message: flagged
        ? `check.status must be flagged when check.flags names a pollutant, got ${check.status}`
        : 'check.status is flagged but check.flags names no pollutant',
    };
  return undefined;
}

function flagProblem(flag: unknown, at: string): AirRecordProblem | undefined {
  const notObject = objectProblem(flag, `${at} ({ kind, score, reason })`, at);
  if (notObject) return notObject;
  const { kind, score, reason } = flag as Fields;
  if (typeof kind !== 'string' || !(CHECK_FLAG_KINDS as readonly string[]).includes(kind))
    return {
      field: `${at}.kind`,
      message: `${at}.kind must be one of ${CHECK_FLAG_KINDS.join(', ')}, got ${describe(kind)}`,
    };
  if (typeof score !== 'number' || !Number.isFinite(score))
    return { field: `${at}.score`, message: `${at}.score must be a finite number, got ${describe(score)}` };
  if (typeof reason !== 'string' || reason.length === 0 || reason.length > MAX_CHECK_REASON_CHARS)
    return {
      field: `${at}.reason`,
      message: `${at}.reason must be a string of 1..${MAX_CHECK_REASON_CHARS} characters, got ${describe(reason)}`,
    };
  return undefined;
}
