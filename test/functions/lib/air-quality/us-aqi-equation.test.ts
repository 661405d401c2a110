import { describe, expect, it } from 'vitest';
import {
  AirQualityInputError,
  aqiFromTable,
  truncateConcentration,
  type UsAqiMeasure,
} from '../../../../functions/lib/air-quality/index.js';

// Table 6 of EPA-454/B-24-002 (May 2024), typed again here from the document rather than read
// from the code's table, so a typo in either shows up: [low, high, aqiLow, aqiHigh] per row.
const TAD_TABLE_6: Record<UsAqiMeasure, { step: number; rows: [number, number, number, number][] }> = {
  pm25_24h: {
    step: 0.1,
    rows: [
      [0.0, 9.0, 0, 50],
      [9.1, 35.4, 51, 100],
      [35.5, 55.4, 101, 150],
      [55.5, 125.4, 151, 200],
      [125.5, 225.4, 201, 300],
      [225.5, 325.4, 301, 500],
    ],
  },
  pm10_24h: {
    step: 1,
    rows: [
      [0, 54, 0, 50],
      [55, 154, 51, 100],
      [155, 254, 101, 150],
      [255, 354, 151, 200],
      [355, 424, 201, 300],
      [425, 604, 301, 500],
    ],
  },
  o3_8h: {
    step: 0.001,
    rows: [
      [0.0, 0.054, 0, 50],
      [0.055, 0.07, 51, 100],
      [0.071, 0.085, 101, 150],
      [0.086, 0.105, 151, 200],
      [0.106, 0.2, 201, 300],
    ],
  },
  o3_1h: {
    step: 0.001,
    rows: [
      [0.125, 0.164, 101, 150],
      [0.165, 0.204, 151, 200],
      [0.205, 0.404, 201, 300],
      [0.405, 0.604, 301, 500],
    ],
  },
  no2_1h: {
    step: 1,
    rows: [
      [0, 53, 0, 50],
      [54, 100, 51, 100],
      [101, 360, 101, 150],
      [361, 649, 151, 200],
      [650, 1249, 201, 300],
      [1250, 2049, 301, 500],
    ],
  },
  so2_1h: {
    step: 1,
    rows: [
      [0, 35, 0, 50],
      [36, 75, 51, 100],
      [76, 185, 101, 150],
      [186, 304, 151, 200],
    ],
  },
  so2_24h: {
    step: 1,
    rows: [
      [305, 604, 201, 300],
      [605, 1004, 301, 500],
    ],
  },
  co_8h: {
    step: 0.1,
    rows: [
      [0.0, 4.4, 0, 50],
      [4.5, 9.4, 51, 100],
      [9.5, 12.4, 101, 150],
      [12.5, 15.4, 151, 200],
      [15.5, 30.4, 201, 300],
      [30.5, 50.4, 301, 500],
    ],
  },
};

describe('aqiFromTable', () => {
  for (const [measure, { step, rows }] of Object.entries(TAD_TABLE_6) as [
    UsAqiMeasure,
    (typeof TAD_TABLE_6)[UsAqiMeasure],
  ][]) {
    it(`${measure}: every row's low and high end, and just above the high end after truncation`, () => {
      rows.forEach(([low, high, aqiLow, aqiHigh], i) => {
        // Assess: the ends of a row are its AQI ends.
        expect(aqiFromTable(measure, low)?.aqi, `${measure} ${low}`).toBe(aqiLow);
        expect(aqiFromTable(measure, high)?.aqi, `${measure} ${high}`).toBe(aqiHigh);
        // 0.9 of a unit above the high end truncates back onto it.
        const justAbove = high + 0.9 * step;
        expect(aqiFromTable(measure, justAbove)?.truncated, `${measure} ${justAbove}`).toBeCloseTo(high, 9);
        expect(aqiFromTable(measure, justAbove)?.aqi, `${measure} ${justAbove}`).toBe(aqiHigh);
        // One unit above is the next row's low end (the top row extrapolates).
        const next = rows[i + 1];
        const oneUnitAbove = aqiFromTable(measure, high + step);
        if (next) {
          expect(oneUnitAbove?.aqi, `${measure} ${high + step}`).toBe(next[2]);
          expect(oneUnitAbove?.beyondIndex).toBe(false);
        } else {
          expect(oneUnitAbove?.aqi).toBeGreaterThanOrEqual(aqiHigh);
          expect(oneUnitAbove?.beyondIndex).toBe(true);
        }
      });
    });
  }

  it('interpolates linearly and rounds the AQI to the nearest integer, halves up', () => {
    // Assess: 8-hour ozone 0.07853 ppm truncates to 0.078: (150−101)/(0.085−0.071) × 0.007 + 101 = 125.5 → 126.
    expect(aqiFromTable('o3_8h', 0.07853)).toEqual({ aqi: 126, truncated: 0.078, beyondIndex: false });
    // PM2.5 12.0: 49/26.3 × 2.9 + 51 = 56.40 → 56 (it was 50 under the pre-2024 table).
    expect(aqiFromTable('pm25_24h', 12.0)?.aqi).toBe(56);
    // PM2.5 35.49 truncates to 35.4 (100), never rounds to 35.5 (101).
    expect(aqiFromTable('pm25_24h', 35.49)?.aqi).toBe(100);
  });

  it('extrapolates the top row above the last breakpoint and says so', () => {
    // Assess: PM2.5 425.3 = 325.4 + 99.9: 199/99.9 × 199.8 + 301 = 699.
    expect(aqiFromTable('pm25_24h', 425.3)).toEqual({ aqi: 699, truncated: 425.3, beyondIndex: true });
    expect(aqiFromTable('pm25_24h', 325.4)?.beyondIndex).toBe(false);
  });

  it('has no value below a table that starts above AQI 0, and refuses negative or non-finite input', () => {
    // Assess
    expect(aqiFromTable('o3_1h', 0.124)).toBeUndefined();
    expect(aqiFromTable('so2_24h', 304)).toBeUndefined();
    for (const bad of [-0.1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => aqiFromTable('pm25_24h', bad)).toThrow(AirQualityInputError);
  });
});

describe('truncateConcentration', () => {
  it('truncates, never rounds, and survives binary fractions', () => {
    // Assess
    expect(truncateConcentration(9.09, 1)).toBe(9.0);
    expect(truncateConcentration(0.0549, 3)).toBe(0.054);
    expect(truncateConcentration(54.99, 0)).toBe(54);
    expect(truncateConcentration(0.29, 2)).toBe(0.29);
    expect(truncateConcentration(0.07, 3)).toBe(0.07);
  });
});
