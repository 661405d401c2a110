import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_INDEX, predictRows } from '../../../functions/lib/air-forecast/index.js';
import { GBDT } from '../../../models/air-quality/train/config.js';
import { trainGbdt } from '../../../models/air-quality/train/gbdt.js';
import { smallDataset } from './small-dataset.js';

const SMALL = { ...GBDT, maxTrees: 30, learningRate: 0.2, minSamplesLeaf: 20, earlyStoppingRounds: 10 };

describe('trainGbdt', () => {
  it('grows the same trees from the same seed, and other trees from another seed', () => {
    // Prepare: ~3,000 rows of the bundled data.
    const { train, valid } = smallDataset();

    // Act
    const a = trainGbdt(train, FEATURE_COUNT, SMALL, valid);
    const b = trainGbdt(train, FEATURE_COUNT, SMALL, valid);
    const c = trainGbdt(train, FEATURE_COUNT, { ...SMALL, seed: SMALL.seed + 1 }, valid);

    // Assess
    expect(a.ensemble).toEqual(b.ensemble);
    expect(a.validRmse).toEqual(b.validRmse);
    expect(c.ensemble.trees).not.toEqual(a.ensemble.trees);
  });

  it('splits only on splitFeatures when given', () => {
    // Prepare
    const { train } = smallDataset();
    const allowed = [FEATURE_INDEX.pm10_d0, FEATURE_INDEX.network_mean_d0];
    const splitOn = (trees: { feature: Int32Array }[]) =>
      new Set(trees.flatMap((t) => [...t.feature].filter((f) => f >= 0)));

    // Act
    const free = trainGbdt(train, FEATURE_COUNT, SMALL);
    const kept = trainGbdt(train, FEATURE_COUNT, { ...SMALL, splitFeatures: allowed });

    // Assess: left free the trees use other features too, so the restriction is what holds them.
    expect([...splitOn(free.ensemble.trees)].some((f) => !allowed.includes(f))).toBe(true);
    expect([...splitOn(kept.ensemble.trees)].sort()).toEqual([...allowed].sort());
  });

  it('learns: validation RMSE well below the constant forecast', () => {
    // Prepare
    const { train, valid } = smallDataset();
    const mean = train.y.reduce((s, y) => s + y, 0) / train.rows;
    const constant = Math.sqrt(valid.y.reduce((s, y) => s + (y - mean) ** 2, 0) / valid.rows);

    // Act
    const fit = trainGbdt(train, FEATURE_COUNT, SMALL, valid);

    // Assess
    const p = predictRows(fit.ensemble, valid.x, valid.rows);
    const rmse = Math.sqrt(p.reduce((s, v, i) => s + (v - (valid.y[i] as number)) ** 2, 0) / valid.rows);
    expect(rmse).toBeLessThan(0.8 * constant);
    expect(rmse).toBeCloseTo(fit.validRmse[fit.bestTrees - 1] as number, 6);
  });

  it('learns where missing values go: the side whose rows they resemble', () => {
    // Prepare: y = x0 for x0 in 0…1; rows with x0 missing have y = 0.9, like the high side.
    const rows = 2000;
    const features = 2;
    const x = new Float32Array(rows * features);
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const v = (r % 100) / 100;
      const missing = r % 4 === 0;
      x[r * features] = missing ? Number.NaN : v;
      x[r * features + 1] = (r * 7919) % 13;
      y[r] = missing ? 0.9 : v;
    }
    const options = { ...SMALL, maxTrees: 1, learningRate: 1, maxDepth: 1, subsample: 1, lambda: 0 };

    // Act
    const fit = trainGbdt({ x, y, rows }, features, options);

    // Assess: one split on x0 near 0.5, missing sent right (the high side), and a NaN row predicted high.
    const [stump] = fit.ensemble.trees;
    expect(stump?.feature[0]).toBe(0);
    expect(stump?.missingLeft[0]).toBe(0);
    const [high] = predictRows(fit.ensemble, Float32Array.of(Number.NaN, 0), 1);
    expect(high).toBeGreaterThan(0.7);
  });
});
