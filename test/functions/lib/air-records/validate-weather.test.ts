import { describe, expect, it } from 'vitest';
import {
  AirRecordValidationError,
  nextDay,
  validateWeatherRecord,
  weatherRecordProblem,
} from '../../../../functions/lib/air-records/index.js';
import fixture from '../../../events/air/weather-record.json' with { type: 'json' };

const record = () => structuredClone(fixture) as Record<string, unknown> & { forecastFor: Record<string, unknown> };

describe('validateWeatherRecord', () => {
  it('accepts the fixture, and a record without a forecast with absent values as null', () => {
    // Prepare
    const {
      temperatureC: _t,
      pressureHpa: _p,
      ...partial
    }: Record<string, unknown> = { ...record(), forecastFor: null };

    // Act
    const full = validateWeatherRecord(record());
    const sparse = validateWeatherRecord(partial);

    // Assess
    expect(full).toEqual(fixture);
    expect(sparse).toMatchObject({ temperatureC: null, pressureHpa: null, windSpeedMs: 3.4, forecastFor: null });
  });

  it('refuses each bad field with its path', () => {
    // Prepare
    const f = (r: ReturnType<typeof record>, change: Record<string, unknown>) => ({
      ...r,
      forecastFor: { ...r.forecastFor, ...change },
    });
    const cases: [(r: ReturnType<typeof record>) => unknown, string][] = [
      [() => 'weather', '(body)'],
      [(r) => ({ ...r, schemaVersion: '1' }), 'schemaVersion'],
      [(r) => ({ ...r, location: 7 }), 'location'],
      [(r) => ({ ...r, lat: Number.POSITIVE_INFINITY }), 'lat'],
      [(r) => ({ ...r, hour: '2026-12-05' }), 'hour'],
      [(r) => ({ ...r, source: 'sensor:a' }), 'source'],
      [(r) => ({ ...r, temperatureC: -91 }), 'temperatureC'],
      [(r) => ({ ...r, temperatureC: '4' }), 'temperatureC'],
      [(r) => ({ ...r, relativeHumidityPct: 101 }), 'relativeHumidityPct'],
      [(r) => ({ ...r, windSpeedMs: -1 }), 'windSpeedMs'],
      [(r) => ({ ...r, windDirectionDeg: 361 }), 'windDirectionDeg'],
      [(r) => ({ ...r, precipitationMm: -0.1 }), 'precipitationMm'],
      [(r) => ({ ...r, pressureHpa: 1013.25 * 1000 }), 'pressureHpa'],
      [(r) => ({ ...r, forecastFor: 'tomorrow' }), 'forecastFor'],
      [(r) => f(r, { date: '2026-12-6' }), 'forecastFor.date'],
      [(r) => f(r, { date: '2026-12-05' }), 'forecastFor.date'],
      [(r) => f(r, { temperatureMaxC: 61 }), 'forecastFor.temperatureMaxC'],
      [(r) => f(r, { precipitationMm: 2001 }), 'forecastFor.precipitationMm'],
      [(r) => f(r, { windSpeedMaxMs: Number.NaN }), 'forecastFor.windSpeedMaxMs'],
      [
        (r) => ({
          ...r,
          temperatureC: null,
          relativeHumidityPct: null,
          windSpeedMs: null,
          windDirectionDeg: null,
          precipitationMm: null,
          pressureHpa: null,
          forecastFor: null,
        }),
        '(body)',
      ],
    ];

    // Act
    const problems = cases.map(([make]) => weatherRecordProblem(make(record()))?.field);

    // Assess
    expect(problems).toEqual(cases.map(([, field]) => field));
    expect(weatherRecordProblem({ ...record(), relativeHumidityPct: 101 })?.message).toBe(
      'relativeHumidityPct must be in 0..100 %, got 101',
    );
  });

  it('takes a daily precipitation sum above the hourly limit, but not an hourly one', () => {
    // Prepare
    const r = record();

    // Act
    const daily = weatherRecordProblem({ ...r, forecastFor: { ...r.forecastFor, precipitationMm: 500 } });
    const hourly = weatherRecordProblem({ ...r, precipitationMm: 500 });

    // Assess
    expect(daily).toBeUndefined();
    expect(hourly?.field).toBe('precipitationMm');
  });

  it('names the next day across month and year ends', () => {
    // Act
    const days = ['2026-12-31T23:00:00Z', '2028-02-28T00:00:00Z', '2027-02-28T12:00:00Z'].map(nextDay);

    // Assess
    expect(days).toEqual(['2027-01-01', '2028-02-29', '2027-03-01']);
  });

  it('throws AirRecordValidationError naming the field', () => {
    // Act
    const act = () => validateWeatherRecord({ ...record(), windDirectionDeg: -5 });

    // Assess
    expect(act).toThrow(AirRecordValidationError);
    expect(act).toThrow(expect.objectContaining({ field: 'windDirectionDeg' }));
  });
});
