import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, featurize, type SparseFeatures } from '../../../functions/lib/sentiment/index.js';
import { loadLabelledData } from '../../../models/sentiment/train/data.js';
import { predictProbability, trainLogistic } from '../../../models/sentiment/train/logistic.js';

describe('trainLogistic', () => {
  const groups = loadLabelledData().groups.filter((_, i) => i % 15 === 0);
  const rows = groups.map((g) => featurize(g.text));
  const labels = groups.map((g) => g.label);

  it('reaches the optimum: the gradient of mean log-loss + λ/2‖w‖² vanishes', () => {
    // Prepare
    const l2 = 1e-3;

    // Act
    const { model } = trainLogistic(rows, labels, { featureCount: FEATURE_COUNT, l2, gradientTolerance: 1e-7 });

    // Assess
    const gradient = new Float64Array(FEATURE_COUNT);
    let biasGradient = 0;
    rows.forEach((x: SparseFeatures, i) => {
      const r = (predictProbability(model, x) - (labels[i] as number)) / rows.length;
      x.indices.forEach((index, j) => {
        gradient[index] = (gradient[index] as number) + r * (x.values[j] as number);
      });
      biasGradient += r;
    });
    let worst = Math.abs(biasGradient);
    gradient.forEach((g, k) => {
      worst = Math.max(worst, Math.abs(g + l2 * (model.weights[k] as number)));
    });
    // float32 weights round the optimum slightly.
    expect(worst).toBeLessThan(1e-5);
  });

  it('is deterministic, and pins the bias at 0 when asked', () => {
    // Act
    const a = trainLogistic(rows, labels, { featureCount: FEATURE_COUNT, l2: 1e-3, fitBias: false });
    const b = trainLogistic(rows, labels, { featureCount: FEATURE_COUNT, l2: 1e-3, fitBias: false });

    // Assess
    expect(a.model.bias).toBe(0);
    expect(Buffer.from(a.model.weights.buffer).equals(Buffer.from(b.model.weights.buffer))).toBe(true);
    expect(predictProbability(a.model, featurize(''))).toBe(0.5);
  });
});
