import { describe, expect, it } from 'vitest';
import { predictRow, treeShapExplainer } from '../../../../functions/lib/air-forecast/index.js';
import { bruteForceShapley, TINY } from './tiny-ensemble.js';

describe('treeShapExplainer', () => {
  it('equals the brute-force Shapley values on a tiny ensemble, missing values included', () => {
    // Prepare: rows on every side of every threshold, some with NaN.
    const grid = [-1, 0.5, 1, 2, 3, Number.NaN];
    const rows: number[][] = [];
    for (const a of grid)
      for (const b of grid)
        for (const c of [-1, 1, Number.NaN]) for (const d of [4, 6, Number.NaN]) rows.push([a, b, c, d]);
    const explain = treeShapExplainer(TINY);

    for (const x of rows) {
      // Act
      const { contributions, baseValue } = explain(x);

      // Assess
      const expected = bruteForceShapley(TINY, x);
      for (const [i, p] of expected.entries()) expect(contributions[i]).toBeCloseTo(p, 10);
      const sum = contributions.reduce((s, c) => s + c, baseValue);
      expect(sum).toBeCloseTo(predictRow(TINY, x), 10);
    }
    expect(rows.length).toBe(324);
  });

  it('starts from the cover-weighted expectation of the trees', () => {
    // Prepare: tree 0: E = 0.6·(35·-2 + 25·4)/60 + 0.4·(10·10 + 30·(12·6 + 18·-1)/30)/40; tree 1: 0.7·(50·1 + 20·-3)/70 + 0.3·7.
    const e0 = (0.6 * (35 * -2 + 25 * 4)) / 60 + (0.4 * (10 * 10 + 12 * 6 + 18 * -1)) / 40;
    const e1 = (0.7 * (50 * 1 + 20 * -3)) / 70 + 0.3 * 7;

    // Act
    const { baseValue } = treeShapExplainer(TINY)([0, 0, 0, 0]);

    // Assess
    expect(baseValue).toBeCloseTo(3 + e0 + e1, 12);
  });
});
