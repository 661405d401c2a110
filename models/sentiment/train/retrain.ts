/**
 * One nightly retraining of the sentiment model (issue 13, items 4 and 5): labelled feedback
 * from the archive (training-set-sql.ts) → the newest labels held out → a candidate trained on
 * the base corpus plus the rest, labels weighted (retrain-config.ts), with the same trainer and
 * ONNX export as `npm run train` → candidate and current model scored through onnxruntime on
 * the same rows → the gate (gate.ts) → the candidate stored as a new registry version, with its
 * evaluation, either way → published (the pointer's compare-and-swap) only if it passed.
 */

import { createHash } from 'node:crypto';
import {
  EVALUATION_FILE,
  MODEL_CARD_FILE,
  modelRegistry,
  type RegistryObjects,
  versionFileKey,
  versionName,
} from '../../../functions/lib/model-registry/index.js';
import {
  FEATURE_COUNT,
  FEATURE_VERSION,
  featurize,
  loadSentimentScorer,
  SENTIMENT_MODEL_FILE,
  type SparseFeatures,
} from '../../../functions/lib/sentiment/index.js';
import { FIT_BIAS, L2, MODEL_NAME } from './config.js';
import { DATA_SOURCE, loadLabelledData } from './data.js';
import { RetrainError } from './errors.js';
import { gateDecision, HOLDOUT_SET, type SetAccuracy, type SetComparison } from './gate.js';
import { trainLogistic } from './logistic.js';
import { exportOnnx } from './onnx-export.js';
import { type ReferenceItem, referenceSets } from './reference-sets.js';
import { HOLDOUT_SHARE, LABEL_WEIGHT, MIN_HOLDOUT, toleranceFor } from './retrain-config.js';
import type { LabelledFeedback } from './training-set-sql.js';

/** The registry's name of the model. */
export const SENTIMENT_REGISTRY_NAME = 'sentiment';

export interface RetrainOptions {
  /** The model's registry root (functions/lib/model-registry). */
  objects: RegistryObjects;
  /** The training-set query's rows, oldest label first (DuckDB locally, Athena on AWS). */
  labelledFeedback: () => Promise<LabelledFeedback[]>;
  /** When this run happens: names the version (default: now). */
  now?: Date;
  /** Who publishes, for the pointer's history (default `retrainer`). */
  by?: string;
  /**
   * Shuffle the training labels (never the holdout's): a candidate made worse on purpose, to
   * see the gate reject it.
   */
  shuffleLabels?: boolean;
  /** Called as each stage starts (`done` of `total` stages finished). */
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** What one run decided: the JSON `tandem retrain` prints, and the core of evaluation.json. */
export interface RetrainResult {
  model: string;
  /** The candidate's version name. */
  candidate: string;
  /** The version it was compared with (current when the run started). */
  current: string;
  published: boolean;
  /** Accuracy of both on every set, the holdout first. */
  metrics: Record<string, SetComparison>;
  reasons: string[];
}

const STAGES = ['training set', 'training', 'scoring the candidate', 'scoring the current model', 'deciding'] as const;

// Named by the registry's one rule, shared with the air-quality retrainer.
export { versionName } from '../../../functions/lib/model-registry/index.js';

/** A fixed-seed Fisher–Yates shuffle (a 32-bit LCG), so a shuffled run is reproducible. */
function shuffled<T>(items: readonly T[], seed = 20261205): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The newest `HOLDOUT_SHARE` of the labels (rows come oldest first) and the rest. */
export function splitByTime(rows: readonly LabelledFeedback[]): {
  train: LabelledFeedback[];
  holdout: LabelledFeedback[];
} {
  const ordered = [...rows].sort((a, b) => (a.labelledAt < b.labelledAt ? -1 : a.labelledAt > b.labelledAt ? 1 : 0));
  const held = Math.ceil(ordered.length * HOLDOUT_SHARE);
  return { train: ordered.slice(0, ordered.length - held), holdout: ordered.slice(ordered.length - held) };
}

async function accuracies(
  bytes: Uint8Array,
  sets: Readonly<Record<string, readonly ReferenceItem[]>>,
): Promise<Record<string, SetAccuracy>> {
  const scorer = await loadSentimentScorer({ bytes });
  try {
    const out: Record<string, SetAccuracy> = {};
    for (const [name, items] of Object.entries(sets)) {
      const scores = items.length === 0 ? new Float32Array() : await scorer.score(items.map((i) => i.text));
      // The cut-off evaluate.ts uses: P(positive) ≥ 0.5 says positive.
      const correct = items.filter((item, i) => ((scores[i] as number) >= 0.5 ? 1 : 0) === item.label).length;
      out[name] = { accuracy: items.length === 0 ? 0 : correct / items.length, correct, total: items.length };
    }
    return out;
  } finally {
    await scorer.release();
  }
}

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

export async function retrainSentiment(options: RetrainOptions): Promise<RetrainResult> {
  const now = options.now ?? new Date();
  const by = options.by ?? 'retrainer';
  const progress = (stage: (typeof STAGES)[number]) =>
    options.onProgress?.(stage, STAGES.indexOf(stage), STAGES.length);
  const registry = modelRegistry(SENTIMENT_REGISTRY_NAME, options.objects);
  const { pointer } = await registry.current();
  const currentBytes = await options.objects.get(versionFileKey(pointer.version, SENTIMENT_MODEL_FILE));
  if (!currentBytes)
    throw new RetrainError(`${registry.uri} has no ${SENTIMENT_MODEL_FILE} for version ${pointer.version}`);

  progress('training set');
  const labelled = await options.labelledFeedback();
  const { train, holdout } = splitByTime(labelled);
  const trainLabels = options.shuffleLabels ? shuffled(train.map((r) => r.label)) : train.map((r) => r.label);

  progress('training');
  const base = loadLabelledData();
  const features: SparseFeatures[] = [
    ...base.groups.map((g) => featurize(g.text)),
    ...train.map((r) => featurize(r.text)),
  ];
  const labels: (0 | 1)[] = [...base.groups.map((g) => g.label), ...trainLabels];
  const sampleWeights = [...base.groups.map(() => 1), ...train.map(() => LABEL_WEIGHT)];
  const fit = trainLogistic(features, labels, {
    featureCount: FEATURE_COUNT,
    l2: L2,
    fitBias: FIT_BIAS,
    sampleWeights,
  });
  const version = versionName(now);
  const trainedAt = now.toISOString();
  const candidateBytes = exportOnnx(fit.model, { name: MODEL_NAME, version, trainedAt });

  const sets = { [HOLDOUT_SET]: holdout.map((r) => ({ text: r.text, label: r.label })), ...referenceSets() };
  progress('scoring the candidate');
  const candidate = await accuracies(candidateBytes, sets);
  progress('scoring the current model');
  const current = await accuracies(currentBytes.bytes, sets);

  progress('deciding');
  const metrics: Record<string, SetComparison> = {};
  for (const name of Object.keys(sets)) metrics[name] = { candidate: candidate[name]!, current: current[name]! };
  const decision = gateDecision(metrics, { minHoldout: MIN_HOLDOUT });
  const result: RetrainResult = {
    model: SENTIMENT_REGISTRY_NAME,
    candidate: version,
    current: pointer.version,
    published: decision.published,
    metrics,
    reasons: decision.reasons,
  };

  const card = {
    name: MODEL_NAME,
    version,
    featureVersion: FEATURE_VERSION,
    trainedAt,
    data: {
      base: DATA_SOURCE,
      baseGroups: base.groups.length,
      labelledFeedback: train.length,
      labelWeight: LABEL_WEIGHT,
      shuffledLabels: options.shuffleLabels === true,
      labelledUpTo: train.at(-1)?.labelledAt ?? null,
    },
    training: { l2: L2, fitBias: FIT_BIAS, iterations: fit.iterations, objective: fit.objective },
    onnxSha256: createHash('sha256').update(candidateBytes).digest('hex'),
  };
  const evaluation = {
    ...result,
    decidedAt: new Date().toISOString(),
    rule: {
      holdout: `the newest ${HOLDOUT_SHARE * 100}% of labels (at least ${MIN_HOLDOUT}), never trained on: the candidate's accuracy must be strictly higher`,
      tolerance: Object.fromEntries(
        Object.entries(metrics)
          .filter(([name]) => name !== HOLDOUT_SET)
          .map(([name, m]) => [name, toleranceFor(m.candidate.total)]),
      ),
    },
  };
  await registry.addVersion(
    version,
    new Map([
      [SENTIMENT_MODEL_FILE, candidateBytes],
      [EVALUATION_FILE, json(evaluation)],
      [MODEL_CARD_FILE, json(card)],
    ]),
  );
  if (decision.published) await registry.publish(version, { expected: pointer.version, by });
  return result;
}
