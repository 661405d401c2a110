import { describe, expect, it } from 'vitest';
import { calendarOf } from '../../../functions/lib/air-forecast/index.js';
import { GBDT, LINEAR_BASE } from '../../../models/air-quality/train/config.js';
import type { Dataset } from '../../../models/air-quality/train/dataset.js';
import { type FoldForecasts, forecastFolds, selectOnFolds } from '../../../models/air-quality/train/rolling-origin.js';
import { smallDataset } from './small-dataset.js';

const SMALL = { ...GBDT, maxTrees: 20, learningRate: 0.2, minSamplesLeaf: 20 };

/** The small dataset's 2003 and 2004 rows as one dataset, in row order. */
function twoYears(): Dataset {
  const { train, valid } = smallDataset();
  return {
    rows: train.rows + valid.rows,
    x: Float32Array.from([...train.x, ...valid.x]),
    y: Float64Array.from([...train.y, ...valid.y]),
    day: Int32Array.from([...train.day, ...valid.day]),
    station: [...train.station, ...valid.station],
  };
}

const fold = (y: number[], persistence: number[], ridge: [number, number[]][], boosted: number[][]): FoldForecasts => ({
  fold: { fitThrough: 0, scoreYear: 1 },
  rows: y.length,
  y: Float64Array.from(y),
  persistence: Float64Array.from(persistence),
  ridge: new Map(ridge.map(([l, p]) => [l, Float64Array.from(p)])),
  boosted: boosted.map((p) => Float64Array.from(p)),
  treeCounts: boosted.map((_, i) => 10 * (i + 1)),
});

describe('forecastFolds', () => {
  it('fits each fold on the years before its score year only: changing the score year’s targets changes no forecast', () => {
    // Prepare: the same rows twice, the second time with every 2004 target replaced.
    const data = twoYears();
    const changed = { ...data, y: data.y.slice() };
    for (let r = 0; r < data.rows; r++)
      if (calendarOf((data.day[r] as number) + 1).year === 2004) changed.y[r] = 500 - (data.y[r] as number);
    const folds = [{ fitThrough: 2003, scoreYear: 2004 }];
    const settings = { linear: LINEAR_BASE, gbdt: SMALL, bags: 2 };

    // Act
    const [a] = forecastFolds(data, folds, settings, [1, 100], 10);
    const [b] = forecastFolds(changed, folds, settings, [1, 100], 10);

    // Assess: the same forecasts, scored against other targets.
    if (!a || !b) throw new Error('no fold');
    expect(a.treeCounts).toEqual([10, 20]);
    expect(b.boosted).toEqual(a.boosted);
    expect(b.ridge).toEqual(a.ridge);
    expect(b.y).not.toEqual(a.y);
    // The forecasts move with the tree count, so the comparison above compares something.
    expect(a.boosted[1]).not.toEqual(a.boosted[0]);
  });
});

describe('selectOnFolds', () => {
  it('picks λ, tree count and α on the RMSE pooled over the folds, not on any one fold', () => {
    // Prepare: errors (forecast − y) in orthogonal ± patterns, so a blend's mean square error is
    // α²·B + (1 − α)²·R and the best α is R / (B + R). On fold 1 alone 10 trees and λ 1 are best;
    // pooled with the larger fold 2, 20 trees (B = 2) and λ 10 (R = 4) are.
    const alternate = (n: number, e: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? e : -e));
    const pairs = (n: number, e: number) => Array.from({ length: n }, (_, i) => (i % 4 < 2 ? e : -e));
    const y1 = [10, 20, 30, 40];
    const y2 = [10, 20, 30, 40, 50, 60, 70, 80];
    const plus = (y: number[], e: number[]) => y.map((v, i) => v + (e[i] as number));
    const folds = [
      fold(
        y1,
        plus(y1, Array(4).fill(5)),
        [
          [1, plus(y1, pairs(4, 1))],
          [10, plus(y1, pairs(4, 2))],
        ],
        [plus(y1, alternate(4, 1)), plus(y1, alternate(4, 2))],
      ),
      fold(
        y2,
        plus(y2, Array(8).fill(-5)),
        [
          [1, plus(y2, pairs(8, 9))],
          [10, plus(y2, pairs(8, 2))],
        ],
        [plus(y2, alternate(8, 4)), plus(y2, alternate(8, 1))],
      ),
    ];

    // Act
    const picked = selectOnFolds(folds);

    // Assess: α = 4 / (2 + 4) ≈ 0.667, so 0.65 of the grid (0.7 gives 1.34 against 1.335).
    expect(picked.ridgeLambda).toBe(10);
    expect(picked.trees).toBe(20);
    expect(picked.alpha).toBeCloseTo(0.65, 10);
    const pooled = picked.rmse.at(-1);
    expect(pooled?.year).toBe('pooled');
    expect(pooled?.rows).toBe(12);
    expect(pooled?.model).toBeCloseTo(Math.sqrt(0.65 ** 2 * 2 + 0.35 ** 2 * 4), 10);
    expect(pooled?.boosted).toBeCloseTo(Math.sqrt(2), 10);
    expect(pooled?.ridge).toBeCloseTo(2, 10);
    expect(pooled?.persistence).toBeCloseTo(5, 10);
    expect(picked.rmse.map((r) => r.year)).toEqual(['1', '1', 'pooled']);
  });
});
