import { describe, expect, it } from 'vitest';
import { AirQualityInputError, riderAdvice } from '../../../../functions/lib/air-quality/index.js';

describe('riderAdvice', () => {
  it('changes at each US AQI category edge', () => {
    // Prepare: [aqi, level, mask]
    const cases: [number, string, string][] = [
      [0, 'good', 'none'],
      [50, 'good', 'none'],
      [51, 'moderate', 'none'],
      [100, 'moderate', 'none'],
      [101, 'unhealthy-for-sensitive-groups', 'consider'],
      [150, 'unhealthy-for-sensitive-groups', 'consider'],
      [151, 'unhealthy', 'wear'],
      [200, 'unhealthy', 'wear'],
      [201, 'very-unhealthy', 'avoid-riding'],
      [300, 'very-unhealthy', 'avoid-riding'],
      [301, 'hazardous', 'avoid-riding'],
      [650, 'hazardous', 'avoid-riding'],
    ];

    // Assess
    for (const [aqi, level, mask] of cases) expect(riderAdvice(aqi), String(aqi)).toMatchObject({ level, mask });
  });

  it('names the mask where one is advised and says why', () => {
    // Assess
    expect(riderAdvice(120).text).toMatch(/FFP2\/N95/);
    expect(riderAdvice(180).text).toMatch(/FFP2\/N95.*another time/);
    expect(riderAdvice(70).text).toMatch(/No mask/);
    for (const aqi of [0, 70, 120, 180, 250, 400]) expect(riderAdvice(aqi).reason.length).toBeGreaterThan(20);
  });

  it('refuses an AQI that is not an integer ≥ 0', () => {
    // Assess
    expect(() => riderAdvice(-5)).toThrow(AirQualityInputError);
  });
});
