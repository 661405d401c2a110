import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { directoryObjects, modelRegistry } from '../../../functions/lib/model-registry/index.js';
import { publishedModel } from '../../../functions/lib/model-store/index.js';
import { liveSentimentModel } from '../../../functions/lib/sentiment/index.js';
import { gateDecision } from '../../../models/sentiment/train/gate.js';
import { retrainSentiment, splitByTime } from '../../../models/sentiment/train/retrain.js';
import { readLabelledFeedback } from '../../../models/sentiment/train/training-set.js';
import { writeArchiveBatch } from './archive-fixture.js';
import { slangArchive, slangFeedback } from './labelled-domain.js';

const SHIPPED = path.resolve('models/sentiment');
const T0 = Date.UTC(2026, 10, 30, 9);

/** A state directory: the shipped model in a registry root, and an archive the archiver's code wrote. */
async function state(dirs: string[]) {
  const dir = await mkdtemp(path.join(tmpdir(), 'tandem-retrain-'));
  dirs.push(dir);
  const registryRoot = path.join(dir, 'models', 'sentiment');
  for (const file of ['model.onnx', 'model-card.json']) {
    await cp(path.join(SHIPPED, file), path.join(registryRoot, file), { recursive: true });
  }
  const archiveRoot = path.join(dir, 'archive');
  const { feedback, labels } = slangArchive(T0);
  await writeArchiveBatch(archiveRoot, 'feedback', feedback, T0);
  // A bisected retry archived the first half again.
  await writeArchiveBatch(archiveRoot, 'feedback', feedback.slice(0, 100), T0 + 1);
  await writeArchiveBatch(archiveRoot, 'feedback-labels', labels, T0 + 2);
  return { registryRoot, archiveRoot };
}

describe('nightly sentiment retraining (archive → SQL → train → gate → registry → scorer)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('publishes a candidate that scores the labelled domain better, the live scorer swaps to it, rollback restores the shipped one', async () => {
    // Prepare
    const { registryRoot, archiveRoot } = await state(dirs);
    const objects = directoryObjects(registryRoot);
    const live = await liveSentimentModel(publishedModel('sentiment', { env: { MODEL_SENTIMENT_URI: registryRoot } }), {
      checkIntervalMs: 1,
    });
    const heldOut = splitByTime(await readLabelledFeedback(archiveRoot)).holdout;
    const accuracyOfLive = () =>
      live.use(async (model) => {
        const scores = await model.score(heldOut.map((r) => r.text));
        return {
          version: model.version,
          accuracy:
            heldOut.filter((r, i) => ((scores[i] as number) >= 0.5 ? 1 : 0) === r.label).length / heldOut.length,
        };
      });
    const before = await accuracyOfLive();

    // Act
    const result = await retrainSentiment({
      objects,
      labelledFeedback: () => readLabelledFeedback(archiveRoot),
      now: new Date(T0 + 86_400_000),
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = await accuracyOfLive();
    await modelRegistry('sentiment', objects).rollback({ by: 'test' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const rolledBack = await accuracyOfLive();
    await live.close();

    // Assess
    expect(result.published).toBe(true);
    expect(result.reasons).toEqual([]);
    expect(result.current).toBe('shipped');
    expect(result.metrics.holdout?.candidate.total).toBe(Math.ceil(slangFeedback().length * 0.2));
    expect(result.metrics.holdout?.candidate.accuracy).toBeGreaterThan(result.metrics.holdout!.current.accuracy);
    expect(Object.keys(result.metrics)).toEqual(['holdout', 'amazon', 'imdb', 'yelp', 'feedback-holdout']);
    expect(before.accuracy).toBe(result.metrics.holdout?.current.accuracy);
    expect(after).toEqual({ version: result.candidate, accuracy: result.metrics.holdout?.candidate.accuracy });
    expect(rolledBack).toEqual(before);
    const evaluation = JSON.parse(
      await readFile(path.join(registryRoot, 'versions', result.candidate, 'evaluation.json'), 'utf8'),
    );
    expect(evaluation).toMatchObject({ published: true, reasons: [], candidate: result.candidate });
  }, 60_000);

  it('rejects a candidate trained on shuffled labels after a good one: stored with its report, never reaching the scorer', async () => {
    // Prepare: a good candidate published the night before.
    const { registryRoot, archiveRoot } = await state(dirs);
    const objects = directoryObjects(registryRoot);
    const registry = modelRegistry('sentiment', objects);
    const labelledFeedback = () => readLabelledFeedback(archiveRoot);
    const good = await retrainSentiment({ objects, labelledFeedback, now: new Date(T0 + 86_400_000) });
    const live = await liveSentimentModel(publishedModel('sentiment', { env: { MODEL_SENTIMENT_URI: registryRoot } }), {
      checkIntervalMs: 1,
    });

    // Act
    const result = await retrainSentiment({
      objects,
      labelledFeedback,
      shuffleLabels: true,
      now: new Date(T0 + 2 * 86_400_000),
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const scoring = await live.use(async (model) => model.version);
    await live.close();

    // Assess
    expect(good.published).toBe(true);
    expect(result.published).toBe(false);
    expect(result.current).toBe(good.candidate);
    expect(result.reasons.some((r) => r.startsWith('not better on the holdout'))).toBe(true);
    expect((await registry.current()).pointer.version).toBe(good.candidate);
    expect(scoring).toBe(good.candidate);
    const versions = await registry.versions();
    const rejected = versions.find((v) => v.version === result.candidate);
    expect(rejected?.current).toBe(false);
    expect(rejected?.evaluation).toMatchObject({ published: false, reasons: result.reasons, metrics: result.metrics });
    expect(rejected?.card).toMatchObject({ version: result.candidate, data: { shuffledLabels: true } });
  }, 60_000);
});

describe('the gate', () => {
  const set = (correct: number, total: number) => ({ accuracy: correct / total, correct, total });

  it('publishes only when better on the holdout and within tolerance everywhere else', () => {
    // Prepare
    const cases = [
      // Better on the holdout, one item worse on a 40-item set (inside its one-item tolerance).
      { holdout: [40, 30], fh: [33, 34], published: true },
      // Two items worse on the 40-item set: beyond tolerance.
      { holdout: [40, 30], fh: [32, 34], published: false },
      // Equal on the holdout: not better.
      { holdout: [30, 30], fh: [34, 34], published: false },
    ];

    // Act
    const decisions = cases.map((c) =>
      gateDecision(
        {
          holdout: { candidate: set(c.holdout[0]!, 58), current: set(c.holdout[1]!, 58) },
          'feedback-holdout': { candidate: set(c.fh[0]!, 40), current: set(c.fh[1]!, 40) },
          amazon: { candidate: set(990, 1000), current: set(999, 1000) },
        },
        { minHoldout: 10 },
      ),
    );

    // Assess
    expect(decisions.map((d) => d.published)).toEqual(cases.map((c) => c.published));
    expect(decisions[1]?.reasons).toEqual(['worse on feedback-holdout: 0.800 vs the current 0.850 (tolerance 0.025)']);
  });

  it('rejects when the holdout is too small to show anything', () => {
    // Act
    const decision = gateDecision({ holdout: { candidate: set(3, 3), current: set(0, 3) } }, { minHoldout: 10 });

    // Assess
    expect(decision.published).toBe(false);
    expect(decision.reasons[0]).toMatch(/fewer than 10/);
  });
});
