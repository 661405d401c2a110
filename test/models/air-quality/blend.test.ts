import { describe, expect, it } from 'vitest';
import {
  FEATURE_COUNT,
  forecastExplainer,
  loadAirForecastScorer,
  predictForecastRows,
} from '../../../functions/lib/air-forecast/index.js';
import { blendWithRidge, pickBlendAlpha } from '../../../models/air-quality/train/blend.js';
import { trainLinearBoost } from '../../../models/air-quality/train/boost.js';
import { GBDT, LINEAR_BASE } from '../../../models/air-quality/train/config.js';
import { exportOnnx } from '../../../models/air-quality/train/onnx-export.js';
import { predictRidge, ridgeLinearPart, trainRidge } from '../../../models/air-quality/train/ridge.js';
import { smallDataset } from './small-dataset.js';

const META = { name: 'test-air', version: '0.0.1', trainedAt: '2026-01-01T00:00:00.000Z' };

describe('blendWithRidge', () => {
  it('is α·model + (1 − α)·ridge as one linear part plus scaled trees, scored so by onnxruntime, with SHAP summing to it', async () => {
    // Prepare: the boosted model and ridge on all features, with holes in some rows.
    const { train, valid } = smallDataset();
    const boost = trainLinearBoost(train, LINEAR_BASE, {
      ...GBDT,
      maxTrees: 30,
      learningRate: 0.2,
      minSamplesLeaf: 10,
    });
    const ridge = trainRidge(train.x, train.y, train.rows, FEATURE_COUNT, 10);
    const x = valid.x.slice();
    for (let i = 0; i < x.length; i += 7) x[i] = Number.NaN;
    const alpha = 0.35;

    // Act
    const blended = blendWithRidge(boost.model, ridgeLinearPart(ridge), alpha);
    const scorer = await loadAirForecastScorer({ bytes: exportOnnx(blended.trees, META, blended.linear) });
    const onnx = await scorer.predict(x, valid.rows);
    await scorer.release();

    // Assess: against the two models run separately (float32 parameters: small differences).
    const model = predictForecastRows(boost.model, x, valid.rows);
    const linear = predictRidge(ridge, x, valid.rows, FEATURE_COUNT);
    const explain = forecastExplainer(blended);
    let worst = 0;
    let spread = 0;
    for (let r = 0; r < valid.rows; r++) {
      const expected = alpha * (model[r] as number) + (1 - alpha) * (linear[r] as number);
      worst = Math.max(worst, Math.abs((onnx[r] as number) - expected));
      spread = Math.max(spread, Math.abs((model[r] as number) - (linear[r] as number)));
      const { baseValue, contributions } = explain(x, r * FEATURE_COUNT);
      expect(contributions.reduce((s, c) => s + c, baseValue)).toBeCloseTo(onnx[r] as number, 3);
    }
    expect(worst).toBeLessThan(1e-3);
    // The two models differ enough that a wrong α or a missed part would show.
    expect(spread).toBeGreaterThan(1);
  });

  it('picks the α of the grid with the lowest RMSE', () => {
    // Prepare: y = 0.3·a + 0.7·b exactly.
    const a = [10, 20, 30, 5];
    const b = [12, 15, 40, 9];
    const y = a.map((v, i) => 0.3 * v + 0.7 * (b[i] as number));

    // Act
    const { alpha, rmse } = pickBlendAlpha(a, b, y);

    // Assess
    expect(alpha).toBeCloseTo(0.3, 10);
    expect(rmse).toBeLessThan(1e-9);
  });
});
