import { describe, expect, it } from 'vitest';
import {
  AirRecordValidationError,
  airQualityRecordProblem,
  isAirQualityRecord,
  validateAirQualityRecord,
} from '../../../../functions/lib/air-records/index.js';
import fixture from '../../../events/air/air-quality-record.json' with { type: 'json' };

const record = () => structuredClone(fixture) as Record<string, unknown> & { readings: Record<string, unknown> };

describe('validateAirQualityRecord', () => {
  it('accepts the Open-Meteo fixture and a sensor reading, filling absent pollutants with null', () => {
    // Prepare
    const sensor = { ...record(), source: 'sensor:balcony-01', readings: { pm25: { value: 31, unit: 'µg/m³' } } };

    // Act
    const polled = validateAirQualityRecord(record());
    const own = validateAirQualityRecord(sensor);

    // Assess
    expect(polled).toEqual(fixture);
    expect(own.readings).toEqual({
      pm25: { value: 31, unit: 'µg/m³' },
      pm10: null,
      o3: null,
      no2: null,
      so2: null,
      co: null,
    });
    expect(own.source).toBe('sensor:balcony-01');
  });

  it('drops fields the schema does not have', () => {
    // Prepare
    const extra = {
      ...record(),
      polledAt: 'now',
      readings: { ...record().readings, pm10: { value: 1, unit: 'µg/m³', q: 1 } },
    };

    // Act
    const valid = validateAirQualityRecord(extra);

    // Assess
    expect(valid).not.toHaveProperty('polledAt');
    expect(valid.readings.pm10).toEqual({ value: 1, unit: 'µg/m³' });
  });

  it('refuses each bad field with its path', () => {
    // Prepare
    const cases: [(r: ReturnType<typeof record>) => unknown, string][] = [
      [() => [], '(body)'],
      [() => null, '(body)'],
      [(r) => ({ ...r, schemaVersion: 2 }), 'schemaVersion'],
      [(r) => ({ ...r, schemaVersion: undefined }), 'schemaVersion'],
      [(r) => ({ ...r, location: '' }), 'location'],
      [(r) => ({ ...r, location: '  ' }), 'location'],
      [(r) => ({ ...r, location: 'a|b' }), 'location'],
      [(r) => ({ ...r, location: 'x'.repeat(101) }), 'location'],
      [(r) => ({ ...r, location: 'line\nbreak' }), 'location'],
      [(r) => ({ ...r, lat: 91 }), 'lat'],
      [(r) => ({ ...r, lat: '52.5' }), 'lat'],
      [(r) => ({ ...r, lat: null }), 'lat'],
      [(r) => ({ ...r, lon: -180.5 }), 'lon'],
      [(r) => ({ ...r, hour: '2026-12-05T13:30:00Z' }), 'hour'],
      [(r) => ({ ...r, hour: '2026-12-05T13:00:00+01:00' }), 'hour'],
      [(r) => ({ ...r, hour: '2026-12-05T13:00' }), 'hour'],
      [(r) => ({ ...r, hour: '2026-02-30T13:00:00Z' }), 'hour'],
      [(r) => ({ ...r, hour: '2026-12-05T24:00:00Z' }), 'hour'],
      [(r) => ({ ...r, hour: 1_780_000_000_000 }), 'hour'],
      [(r) => ({ ...r, source: 'openmeteo' }), 'source'],
      [(r) => ({ ...r, source: 'sensor:' }), 'source'],
      [(r) => ({ ...r, source: 'sensor:a b' }), 'source'],
      [(r) => ({ ...r, source: `sensor:${'x'.repeat(65)}` }), 'source'],
      [(r) => ({ ...r, readings: undefined }), 'readings'],
      [(r) => ({ ...r, readings: [] }), 'readings'],
      [(r) => ({ ...r, readings: { pm10: null } }), 'readings'],
      [(r) => ({ ...r, readings: {} }), 'readings'],
      [(r) => ({ ...r, readings: { ...r.readings, nh3: { value: 1, unit: 'µg/m³' } } }), 'readings.nh3'],
      [(r) => ({ ...r, readings: { ...r.readings, pm10: 14 } }), 'readings.pm10'],
      [(r) => ({ ...r, readings: { ...r.readings, pm10: { value: 14 } } }), 'readings.pm10.unit'],
      [(r) => ({ ...r, readings: { ...r.readings, pm10: { value: -0.1, unit: 'µg/m³' } } }), 'readings.pm10.value'],
      [(r) => ({ ...r, readings: { ...r.readings, pm10: { value: '14', unit: 'µg/m³' } } }), 'readings.pm10.value'],
      [(r) => ({ ...r, readings: { ...r.readings, pm10: { value: 10_001, unit: 'µg/m³' } } }), 'readings.pm10.value'],
      [(r) => ({ ...r, readings: { ...r.readings, co: { value: 1001, unit: 'ppm' } } }), 'readings.co.value'],
    ];

    // Act
    const problems = cases.map(([make]) => airQualityRecordProblem(make(record()))?.field);

    // Assess
    expect(problems).toEqual(cases.map(([, field]) => field));
  });

  it('allows only each pollutant’s units', () => {
    // Prepare
    const withUnit = (pollutant: string, unit: string) => ({
      ...record(),
      readings: { [pollutant]: { value: 1, unit } },
    });
    const allowed = [
      ['pm25', 'µg/m³'],
      ['pm10', 'µg/m³'],
      ['o3', 'ppb'],
      ['o3', 'µg/m³'],
      ['no2', 'ppb'],
      ['so2', 'µg/m³'],
      ['co', 'ppm'],
      ['co', 'µg/m³'],
    ];
    const refused = [
      ['pm25', 'ppb'],
      ['pm10', 'ppm'],
      ['o3', 'ppm'],
      ['co', 'ppb'],
      // Greek mu (U+03BC) is not the micro sign (U+00B5): one spelling, so units compare as strings.
      ['pm10', 'μg/m³'],
      ['pm10', 'ug/m3'],
    ];

    // Act
    const ok = allowed.map(([p, u]) => isAirQualityRecord(withUnit(p!, u!)));
    const refusals = refused.map(([p, u]) => airQualityRecordProblem(withUnit(p!, u!)));

    // Assess
    expect(ok).toEqual(allowed.map(() => true));
    expect(refusals.map((r) => r?.field)).toEqual(refused.map(([p]) => `readings.${p}.unit`));
    expect(refusals[0]?.message).toBe('readings.pm25.unit must be one of µg/m³, got "ppb"');
  });

  it('checks the plausibility limit in the canonical unit, whatever unit the value comes in', () => {
    // Prepare: the CO limit is 1,000 ppm = 1,145,603 µg/m³ (× 28.01 / 24.45 × 1000).
    const co = (value: number) => ({ ...record(), readings: { co: { value, unit: 'µg/m³' } } });

    // Act
    const below = airQualityRecordProblem(co(1_145_000));
    const above = airQualityRecordProblem(co(1_146_000));

    // Assess
    expect(below).toBeUndefined();
    expect(above?.message).toBe('readings.co.value 1146000 µg/m³ is above the plausible limit of 1000 ppm');
  });

  it('throws AirRecordValidationError naming the field', () => {
    // Prepare
    const bad = { ...record(), readings: { pm10: { value: Number.NaN, unit: 'µg/m³' } } };

    // Act
    const act = () => validateAirQualityRecord(bad);

    // Assess
    expect(act).toThrow(AirRecordValidationError);
    expect(act).toThrow(expect.objectContaining({ field: 'readings.pm10.value', name: 'AirRecordValidationError' }));
  });
});
