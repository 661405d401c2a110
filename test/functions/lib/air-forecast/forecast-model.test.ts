import { describe, expect, it } from 'vitest';
import {
  type ForecastModel,
  forecastExplainer,
  type LinearPart,
  predictForecastRow,
  predictRow,
  treeShapExplainer,
} from '../../../../functions/lib/air-forecast/index.js';
import { bruteForceShapley, TINY } from './tiny-ensemble.js';

/** A linear part on three of TINY's four features (feature 2 has no coefficient). */
const LINEAR: LinearPart = {
  imputed: Float64Array.of(1.5, -0.25, 7, 4),
  coefficients: Float64Array.of(2, -0.5, 0, 0.75),
  intercept: 1.25,
};
const MODEL: ForecastModel = { featureCount: 4, linear: LINEAR, trees: TINY };

/** The linear part's E[· | x_S]: features in S at their (imputed) value, the others at their training mean. */
function linearConditional(x: number[]) {
  return (inS: boolean[]) =>
    LINEAR.intercept +
    x.reduce((s, v, f) => {
      const known = inS[f] && !Number.isNaN(v) ? v : (LINEAR.imputed[f] as number);
      return s + (LINEAR.coefficients[f] as number) * known;
    }, 0);
}

describe('forecastExplainer', () => {
  it('equals the brute-force Shapley values of linear part + trees, missing values included', () => {
    // Prepare: rows on every side of every threshold, some with NaN.
    const grid = [-1, 0.5, 2, 3, Number.NaN];
    const rows: number[][] = [];
    for (const a of grid)
      for (const b of grid)
        for (const c of [-1, 1, Number.NaN]) for (const d of [4, 6, Number.NaN]) rows.push([a, b, c, d]);
    const explain = forecastExplainer(MODEL);

    for (const x of rows) {
      // Act
      const { contributions, baseValue } = explain(x);

      // Assess: Shapley values by definition, and they add up to the forecast.
      const expected = bruteForceShapley(TINY, x, linearConditional(x));
      for (const [i, p] of expected.entries()) expect(contributions[i]).toBeCloseTo(p, 10);
      const sum = contributions.reduce((s, c) => s + c, baseValue);
      expect(sum).toBeCloseTo(predictForecastRow(MODEL, x), 10);
    }
    expect(rows.length).toBe(225);
  });

  it('starts from E[linear part] + the trees’ base value, and forecasts linear part + trees', () => {
    // Prepare: E[linear] = 1.25 + 2·1.5 − 0.5·−0.25 + 0.75·4.
    const x = [1, Number.NaN, 0.5, 6];

    // Act
    const { baseValue } = forecastExplainer(MODEL)(x);
    const forecast = predictForecastRow(MODEL, x);

    // Assess: feature 1 is missing, so the linear part takes its imputed −0.25.
    expect(baseValue).toBeCloseTo(1.25 + 3 + 0.125 + 3 + treeShapExplainer(TINY)(x).baseValue, 12);
    expect(forecast).toBeCloseTo(1.25 + 2 * 1 - 0.5 * -0.25 + 0.75 * 6 + predictRow(TINY, x), 12);
  });
});
