import { describe, expect, it } from 'vitest';
import {
  AirRecordError,
  airRecordKey,
  CANONICAL_UNIT,
  canonicalConcentration,
  concentrationIn,
} from '../../../../functions/lib/air-records/index.js';

describe('concentrationIn', () => {
  it('converts gases with the molar volume at 25 °C and 1 atm (24.45 L/mol)', () => {
    // Act
    const co = concentrationIn('co', { value: 1, unit: 'ppm' }, 'µg/m³');
    const o3 = concentrationIn('o3', { value: 1, unit: 'ppb' }, 'µg/m³');
    const no2 = concentrationIn('no2', { value: 1, unit: 'ppb' }, 'µg/m³');
    const so2 = concentrationIn('so2', { value: 1, unit: 'ppb' }, 'µg/m³');
    const coPpm = concentrationIn('co', { value: 229, unit: 'µg/m³' }, 'ppm');

    // Assess: M × 1000 / 24.45 for ppm, M / 24.45 for ppb (M: CO 28.01, O3 48.00, NO2 46.01, SO2 64.07).
    expect(co).toBeCloseTo(1145.6, 1);
    expect(o3).toBeCloseTo(1.963, 3);
    expect(no2).toBeCloseTo(1.882, 3);
    expect(so2).toBeCloseTo(2.62, 3);
    expect(coPpm).toBeCloseTo(0.19989, 5);
  });

  it('round-trips every gas unit pair', () => {
    // Prepare
    const pairs = [
      ['o3', 'ppb', 'µg/m³'],
      ['no2', 'µg/m³', 'ppb'],
      ['so2', 'ppb', 'µg/m³'],
      ['co', 'ppm', 'µg/m³'],
    ] as const;

    // Act
    const back = pairs.map(([gas, from, to]) =>
      concentrationIn(gas, { value: concentrationIn(gas, { value: 37.5, unit: from }, to), unit: to }, from),
    );

    // Assess
    for (const value of back) expect(value).toBeCloseTo(37.5, 10);
  });

  it('gives each pollutant in the unit the US AQI takes', () => {
    // Act
    const pm = canonicalConcentration('pm10', { value: 42, unit: 'µg/m³' });
    const o3 = canonicalConcentration('o3', { value: 96, unit: 'µg/m³' });

    // Assess
    expect(CANONICAL_UNIT).toEqual({ pm25: 'µg/m³', pm10: 'µg/m³', o3: 'ppb', no2: 'ppb', so2: 'ppb', co: 'ppm' });
    expect(pm).toBe(42);
    expect(o3).toBeCloseTo(48.9, 1);
  });

  it('refuses to give particles a mixing ratio', () => {
    // Act
    const act = () => concentrationIn('pm25', { value: 10, unit: 'µg/m³' }, 'ppb');

    // Assess
    expect(act).toThrow(AirRecordError);
  });
});

describe('airRecordKey', () => {
  it('keys Open-Meteo records by location and hour, sensor records by their sensor too', () => {
    // Act
    const polled = airRecordKey({ location: 'berlin', hour: '2026-12-05T13:00:00Z', source: 'open-meteo' });
    const sensor = airRecordKey({ location: 'berlin', hour: '2026-12-05T13:00:00Z', source: 'sensor:b1' });

    // Assess
    expect(polled).toBe('berlin|2026-12-05T13:00:00Z');
    expect(sensor).toBe('berlin|2026-12-05T13:00:00Z|sensor:b1');
  });
});
