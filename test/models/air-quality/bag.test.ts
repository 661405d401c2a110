import { describe, expect, it } from 'vitest';
import {
  FEATURE_COUNT,
  forecastExplainer,
  loadAirForecastScorer,
  predictRows,
} from '../../../functions/lib/air-forecast/index.js';
import { averageEnsembles } from '../../../models/air-quality/train/bag.js';
import { GBDT } from '../../../models/air-quality/train/config.js';
import { trainGbdt } from '../../../models/air-quality/train/gbdt.js';
import { exportOnnx } from '../../../models/air-quality/train/onnx-export.js';
import { smallDataset } from './small-dataset.js';

const SMALL = { ...GBDT, maxTrees: 20, learningRate: 0.2, minSamplesLeaf: 20, subsample: 0.6 };
const META = { name: 'test-air', version: '0.0.1', trainedAt: '2026-01-01T00:00:00.000Z' };

describe('averageEnsembles', () => {
  it('is the mean of the bags’ forecasts as one ensemble, scored so by onnxruntime, with TreeSHAP summing to it', async () => {
    // Prepare: three bags from three seeds, holes in some feature values.
    const { train, valid } = smallDataset();
    const bags = [0, 1, 2].map((k) => trainGbdt(train, FEATURE_COUNT, { ...SMALL, seed: SMALL.seed + k }).ensemble);
    const x = valid.x.slice();
    for (let i = 0; i < x.length; i += 5) x[i] = Number.NaN;
    const keep = 15;

    // Act
    const mean = averageEnsembles(bags, keep);
    const scorer = await loadAirForecastScorer({ bytes: exportOnnx(mean, META) });
    const onnx = await scorer.predict(x, valid.rows);
    await scorer.release();

    // Assess: against the bags run separately, each cut to its first `keep` trees.
    const each = bags.map((e) => predictRows({ ...e, trees: e.trees.slice(0, keep) }, x, valid.rows));
    const explain = forecastExplainer({ featureCount: FEATURE_COUNT, linear: undefined, trees: mean });
    expect(mean.trees).toHaveLength(3 * keep);
    let worst = 0;
    let spread = 0;
    for (let r = 0; r < valid.rows; r++) {
      const values = each.map((p) => p[r] as number);
      const expected = values.reduce((s, v) => s + v, 0) / values.length;
      worst = Math.max(worst, Math.abs((onnx[r] as number) - expected));
      spread = Math.max(spread, Math.max(...values) - Math.min(...values));
      const { baseValue, contributions } = explain(x, r * FEATURE_COUNT);
      expect(contributions.reduce((s, c) => s + c, baseValue)).toBeCloseTo(onnx[r] as number, 3);
    }
    expect(worst).toBeLessThan(1e-3);
    // The bags differ enough that a sum instead of a mean, or one bag alone, would show.
    expect(spread).toBeGreaterThan(0.5);
  });

  it('refuses bags with fewer trees than asked for', () => {
    // Prepare
    const { train } = smallDataset();
    const bag = trainGbdt(train, FEATURE_COUNT, { ...SMALL, maxTrees: 3 }).ensemble;

    // Act / Assess
    expect(() => averageEnsembles([bag], 4)).toThrow(/fewer than 4 trees/);
  });
});
