import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GBDT } from '../../../models/air-quality/train/config.js';
import { RETRAIN_BLEND, RETRAIN_GBDT } from '../../../models/air-quality/train/retrain-config.js';

describe('air-quality retrain settings', () => {
  it('train the shipped model’s recipe: its settings, tree count and blend with ridge, as its card records them', () => {
    // Prepare
    const card = JSON.parse(
      readFileSync(new URL('../../../models/air-quality/model-card.json', import.meta.url), 'utf8'),
    );
    const { training, blendWithRidge } = card.model;

    // Assess
    expect(training.bags).toBe(1);
    expect(RETRAIN_GBDT.maxTrees).toBe(training.treesPerBag);
    expect(RETRAIN_GBDT.earlyStoppingRounds).toBe(0);
    for (const key of [
      'learningRate',
      'maxDepth',
      'minSamplesLeaf',
      'subsample',
      'lambda',
      'maxBins',
      'seed',
    ] as const) {
      expect(RETRAIN_GBDT[key], key).toBe(training[key]);
      expect(GBDT[key], key).toBe(training[key]);
    }
    expect(RETRAIN_BLEND).toEqual({ alpha: blendWithRidge.alpha, ridgeLambda: blendWithRidge.ridgeLambda });
  });
});
