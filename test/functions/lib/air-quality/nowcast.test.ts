import { describe, expect, it } from 'vitest';
import {
  AirQualityInputError,
  aqiFromTable,
  ozoneNowCastPpb,
  pmNowCastUgm3,
  truncateConcentration,
} from '../../../../functions/lib/air-quality/index.js';

describe('pmNowCastUgm3', () => {
  it("reproduces EPA's worked example: 17.4 µg/m³", () => {
    // Prepare: EPA/AirNow "Computing the NowCast", hours listed oldest first
    // (50 80 75 90 82 53 64 74 21 10 16 13); w* = 10/90 < 0.5, so w = 0.5.
    const oldestFirst = [50, 80, 75, 90, 82, 53, 64, 74, 21, 10, 16, 13];

    // Act
    const nowCast = pmNowCastUgm3([...oldestFirst].reverse());

    // Assess
    expect(truncateConcentration(nowCast!, 1)).toBe(17.4);
    // As PM2.5 under the 2024 table: 49/26.3 × (17.4 − 9.1) + 51 = 66.46 → 66.
    expect(aqiFromTable('pm25_24h', nowCast!)?.aqi).toBe(66);
  });

  it('is the plain mean when the hours do not change, and weighs recent hours when they do', () => {
    // Assess
    expect(pmNowCastUgm3(Array(12).fill(20))).toBe(20);
    // w* = 30/40 = 0.75: (40 + 0.75 × 30) / 1.75.
    expect(pmNowCastUgm3([40, 30])).toBeCloseTo((40 + 0.75 * 30) / 1.75, 12);
    // All zero: no division by zero.
    expect(pmNowCastUgm3([0, 0, 0])).toBe(0);
  });

  it('needs 2 of the 3 most recent hours, skips missing hours and ignores hours past 12', () => {
    // Assess
    expect(pmNowCastUgm3([null, null, 10, 10, 10])).toBeNull();
    expect(pmNowCastUgm3([null, 10, undefined, 10])).toBeNull();
    expect(pmNowCastUgm3([null, 10, 10])).toBe(10);
    expect(pmNowCastUgm3([10, null, 10, 10])).toBe(10);
    expect(pmNowCastUgm3([...Array(12).fill(10), 1000])).toBe(10);
  });

  it('refuses negative and non-finite hours', () => {
    // Assess
    expect(() => pmNowCastUgm3([10, -1, 10])).toThrow(AirQualityInputError);
    expect(() => pmNowCastUgm3([10, Number.NaN, 10])).toThrow(AirQualityInputError);
  });
});

describe('ozoneNowCastPpb', () => {
  it("reproduces AirNow's worked example with a missing hour: 65 ppb", () => {
    // Prepare: AirNow-Tech forum, "AirNow Updates to Ozone Real-time Reporting", most recent first;
    // range 80 − 22 = 58, w = 1 − 58/80 = 0.275 (no 0.5 floor for ozone), numerator 89.925.
    const hourly = [63, 69, 80, 74, 60, null, 35, 22];

    // Act
    const nowCast = ozoneNowCastPpb(hourly);

    // Assess
    const w = 0.275;
    const numerator = [63, 69, 80, 74, 60, 0, 35, 22].reduce((s, c, i) => s + c * w ** i, 0);
    expect(numerator).toBeCloseTo(89.925, 3);
    expect(truncateConcentration(nowCast!, 0)).toBe(65);
    // 0.065 ppm as 8-hour ozone: 49/0.015 × 0.010 + 51 = 83.7 → 84.
    expect(aqiFromTable('o3_8h', truncateConcentration(nowCast!, 0) / 1000)?.aqi).toBe(84);
  });

  it('uses only the 8 most recent hours', () => {
    // Assess
    expect(ozoneNowCastPpb([...Array(8).fill(40), 400])).toBe(40);
  });
});
