import { describe, expect, it } from 'vitest';
import {
  AirRecordValidationError,
  airQualityCheckedRecordProblem,
  validateAirQualityCheckedRecord,
} from '../../../../functions/lib/air-records/index.js';
import fixture from '../../../events/air/air-quality-checked-record.json' with { type: 'json' };

type Fixture = Record<string, unknown> & { check: { status: string; flags: Record<string, unknown> } };
const record = () => structuredClone(fixture) as Fixture;

describe('validateAirQualityCheckedRecord', () => {
  it('accepts a flagged and a clean record, keeping only the schemas’ fields', () => {
    // Prepare
    const flagged = { ...record(), polledAt: 'now' };
    const clean = { ...record(), check: { status: 'clean', flags: {}, by: 'x' } };

    // Act
    const a = validateAirQualityCheckedRecord(flagged);
    const b = validateAirQualityCheckedRecord(clean);

    // Assess
    expect(a.check).toEqual(fixture.check);
    expect(a.reading.readings.pm10).toEqual({ value: 85.2, unit: 'µg/m³' });
    expect(a.reading.readings.co).toBeNull();
    expect(a.reading).not.toHaveProperty('check');
    expect(b.check).toEqual({ status: 'clean', flags: {} });
  });

  it('refuses a check that does not fit, naming the field', () => {
    // Prepare
    const cases: [string, (r: Fixture) => unknown][] = [
      ['check', ({ check: _, ...r }) => r],
      ['check.status', (r) => ({ ...r, check: { ...r.check, status: 'ok' } })],
      ['check.flags', (r) => ({ ...r, check: { ...r.check, flags: [] } })],
      // A flag on a pollutant the record does not measure (o3 is null, co absent).
      ['check.flags.o3', (r) => ({ ...r, check: { ...r.check, flags: { o3: r.check.flags.pm10 } } })],
      ['check.flags.co', (r) => ({ ...r, check: { ...r.check, flags: { co: r.check.flags.pm10 } } })],
      [
        'check.flags.pm10.kind',
        (r) => ({ ...r, check: { ...r.check, flags: { pm10: { kind: 'noise', score: 1, reason: 'x' } } } }),
      ],
      [
        'check.flags.pm10.score',
        (r) => ({ ...r, check: { ...r.check, flags: { pm10: { kind: 'spike', score: 'high', reason: 'x' } } } }),
      ],
      [
        'check.flags.pm10.reason',
        (r) => ({ ...r, check: { ...r.check, flags: { pm10: { kind: 'spike', score: 1, reason: '' } } } }),
      ],
      // flagged exactly when a flag is named.
      ['check.status', (r) => ({ ...r, check: { status: 'flagged', flags: {} } })],
      ['check.status', (r) => ({ ...r, check: { ...r.check, status: 'clean' } })],
      // The air-quality rules still apply first.
      ['readings.pm10.unit', (r) => ({ ...r, readings: { pm10: { value: 1, unit: 'ppb' } } })],
    ];

    // Act
    const fields = cases.map(([, make]) => airQualityCheckedRecordProblem(make(record()))?.field);

    // Assess
    expect(fields).toEqual(cases.map(([field]) => field));
    expect(() => validateAirQualityCheckedRecord({ ...record(), check: null })).toThrow(AirRecordValidationError);
  });
});
