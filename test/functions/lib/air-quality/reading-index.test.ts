import { describe, expect, it } from 'vitest';
import {
  AirQualityInputError,
  BeyondBreakpointTableError,
  indexReading,
  parseReading,
} from '../../../../functions/lib/air-quality/index.js';

describe('parseReading', () => {
  it('accepts known keys with numbers ≥ 0 or null', () => {
    // Assess
    expect(parseReading({ pm25: 12, o3: null, co: 0 })).toEqual({ pm25: 12, co: 0 });
  });

  it('refuses other shapes, unknown keys and bad values', () => {
    // Assess
    for (const bad of [null, 3, 'pm25', [1], { pm25: '12' }, { pm25: -1 }, { pm1: 3 }, { no2: true }])
      expect(() => parseReading(bad), JSON.stringify(bad)).toThrow(AirQualityInputError);
  });
});

describe('indexReading', () => {
  it('gives both indices, converting ppb to ppm for the US AQI and to µg/m³ for the EAQI', () => {
    // Act: O3 65 ppb (8-hour) → 0.065 ppm → 84; as µg/m³ 127.6 → EAQI Poor (120–160).
    const result = indexReading({ pm25: 12, o3: 65, no2: 20 });

    // Assess: NO2 20 ppb → 19; as µg/m³ 37.6 → Moderate. PM2.5 12 → 56, Fair.
    expect(result).toEqual({
      usAqi: 84,
      usCategory: 'Moderate',
      dominant: 'o3',
      subIndices: { pm25: 56, o3: 84, no2: 19 },
      eaqi: { level: 4, category: 'Poor' },
    });
  });

  it('has nulls when nothing is indexable, and no EAQI for CO alone', () => {
    // Assess
    expect(indexReading({})).toEqual({ usAqi: null, usCategory: null, dominant: null, subIndices: {}, eaqi: null });
    expect(indexReading({ co: 5 })).toMatchObject({ usAqi: 56, dominant: 'co', eaqi: null });
  });

  it('refuses 8-hour ozone above 200 ppb, which EPA indexes from 1-hour ozone', () => {
    // Assess
    expect(() => indexReading({ o3: 201 })).toThrow(BeyondBreakpointTableError);
  });
});
