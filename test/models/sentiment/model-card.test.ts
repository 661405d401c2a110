import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FEATURE_VERSION, readOnnxMetadata, SENTIMENT_THRESHOLDS } from '../../../functions/lib/sentiment/index.js';
import type { ModelCard } from '../../../models/sentiment/train/model-card.js';
import type { EvaluationReport } from '../../../models/sentiment/train/report.js';

// Assertions on the shipped artifacts (models/sentiment/, written by `npm run train`), not on a fresh run.
const dir = new URL('../../../models/sentiment/', import.meta.url);
const json = async <T>(name: string) => JSON.parse(await readFile(new URL(name, dir), 'utf8')) as T;

describe('shipped sentiment model', () => {
  it('meets the targets: pooled 10-fold accuracy ≥ 0.82, ahead of AFINN and VADER on every cross-domain split', async () => {
    // Act
    const evaluation = await json<EvaluationReport>('evaluation.json');

    // Assess
    expect(evaluation.pooled10Fold.model.total).toBe(evaluation.data.dedupedGroups);
    expect(evaluation.pooled10Fold.model.accuracy).toBeGreaterThanOrEqual(0.82);
    expect(evaluation.crossDomain.map((c) => c.test).sort()).toEqual(['amazon', 'imdb', 'yelp']);
    for (const split of evaluation.crossDomain) {
      expect(split.model.total).toBe(split.afinn.total);
      expect(split.model.total).toBe(split.vader.total);
      expect(split.model.accuracy).toBeGreaterThan(split.afinn.accuracy);
      expect(split.model.accuracy).toBeGreaterThan(split.vader.accuracy);
    }
    expect(evaluation.feedbackCheck.model.accuracy).toBeGreaterThan(evaluation.feedbackCheck.afinn.accuracy);
    expect(evaluation.feedbackCheck.model.accuracy).toBeGreaterThan(evaluation.feedbackCheck.vader.accuracy);
    expect(evaluation.targets).toMatchObject({ pooled10FoldMet: true, crossDomainAheadOfBothBaselines: true });
  });

  it('has a model card that matches model.onnx, its metadata, the evaluation and the code', async () => {
    // Prepare
    const bytes = await readFile(new URL('model.onnx', dir));
    const card = await json<ModelCard>('model-card.json');
    const evaluation = await json<EvaluationReport>('evaluation.json');

    // Act
    const metadata = Object.fromEntries(readOnnxMetadata(bytes));

    // Assess
    expect(card.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(card.featureVersion).toBe(FEATURE_VERSION);
    expect(metadata).toEqual({
      name: card.name,
      version: card.version,
      featureVersion: card.featureVersion,
      trainedAt: card.trainedAt,
    });
    expect(card.metrics.pooled10Fold).toBeCloseTo(evaluation.pooled10Fold.model.accuracy, 4);
    expect(card.baselines.afinn.pooled10Fold).toBeCloseTo(evaluation.pooled10Fold.afinn.accuracy, 4);
    expect(card.baselines.vader.pooled10Fold).toBeCloseTo(evaluation.pooled10Fold.vader.accuracy, 4);
    expect(card.data).toMatchObject({ rows: 3000, dedupedGroups: evaluation.data.dedupedGroups });
    expect(card.thresholds).toMatchObject(SENTIMENT_THRESHOLDS);
    expect(card.thresholds.outOfFold.negative.precision).toBeGreaterThanOrEqual(0.9);
    expect(card.thresholds.outOfFold.positive.precision).toBeGreaterThanOrEqual(0.9);
    expect(evaluation.bands.recommended).toEqual(SENTIMENT_THRESHOLDS);
    expect(card.model.onnx.maxAbsDiffFromTypeScript).toBeLessThanOrEqual(2 ** -24);
  });
});
