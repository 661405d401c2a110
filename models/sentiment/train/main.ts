import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { parseCommandLine } from '../../../bin/command-line.js';
import {
  FEATURE_COUNT,
  FEATURE_VERSION,
  featurize,
  loadSentimentScorer,
  SENTIMENT_MODEL_CARD_FILE,
  SENTIMENT_MODEL_FILE,
  SENTIMENT_THRESHOLDS,
} from '../../../functions/lib/sentiment/index.js';
import { afinnPositive, vaderPositive } from './baselines.js';
import {
  BAND_MARGINS,
  BAND_PRECISION,
  FIT_BIAS,
  FOLD_SEED,
  FOLDS,
  L2,
  L2_GRID,
  MODEL_NAME,
  MODEL_VERSION,
  OPERATING_POINTS,
  TARGETS,
} from './config.js';
import { DATA_SOURCE, DOMAINS, loadLabelledData } from './data.js';
import { bandStats, crossDomain, type EvaluationInput, type PooledResult, pooledCrossValidation } from './evaluate.js';
import feedbackCheck from './feedback-check.json' with { type: 'json' };
import { predictProbability, trainLogistic } from './logistic.js';
import { modelCard } from './model-card.js';
import { exportOnnx } from './onnx-export.js';
import { type EvaluationReport, renderReport } from './report.js';

/**
 * `npm run train [-- --out <dir>]`: evaluates the sentiment model (pooled 10-fold CV over an
 * L2 grid, cross-domain, the hand-written feedback check, lexicon baselines on the same items),
 * trains the final model on all the data, exports it to ONNX, checks the ONNX scores against
 * the TypeScript forward pass, and writes model.onnx, model-card.json, evaluation.json and
 * evaluation.md. Exits 1 when a target is missed (the files are still written, to read why).
 */
const { values: args } = parseCommandLine({
  name: 'npm run train',
  usage: [
    'tandem sentiment training: evaluates, trains and exports the sentiment model (ONNX, model card, evaluation)',
    '',
    'usage: npm run train -- [options]',
    '  --out DIR       where to write model.onnx, model-card.json, evaluation.json and evaluation.md',
    '                  (default: models/sentiment)',
    '  -h, --help      print this help',
    '',
  ].join('\n'),
  options: { out: { type: 'string' } },
});
const outDir = args.out ?? fileURLToPath(new URL('..', import.meta.url));

const data = loadLabelledData();
const input: EvaluationInput = {
  groups: data.groups,
  features: data.groups.map((g) => featurize(g.text)),
  labels: data.groups.map((g) => g.label),
  afinnPositive: data.groups.map((g) => afinnPositive(g.text)),
  vaderPositive: data.groups.map((g) => vaderPositive(g.text)),
};

const bar = new cliProgress.SingleBar(
  { format: 'training |{bar}| {value}/{total} fits | {stage}', stream: process.stderr, hideCursor: true },
  cliProgress.Presets.shades_classic,
);
bar.start(L2_GRID.length * FOLDS + DOMAINS.length + 1, 0, { stage: 'pooled CV' });
const tick = (stage: string) => () => bar.increment(1, { stage });

const grid = new Map<number, PooledResult>();
for (const l2 of L2_GRID) {
  grid.set(
    l2,
    pooledCrossValidation(input, {
      folds: FOLDS,
      seed: FOLD_SEED,
      fit: { l2, fitBias: FIT_BIAS },
      onFit: tick(`pooled CV, λ=${l2}`),
    }),
  );
}
const fit = { l2: L2, fitBias: FIT_BIAS };
const pooled = grid.get(L2) ?? pooledCrossValidation(input, { folds: FOLDS, seed: FOLD_SEED, fit });
const cross = crossDomain(input, { fit, onFit: tick('cross-domain') });
const final = trainLogistic(input.features, input.labels, { featureCount: FEATURE_COUNT, ...fit });
bar.increment(1, { stage: 'final model' });
bar.stop();

// Feedback check: the final model against the baselines on our hand-written short feedback.
const items = feedbackCheck.items as { text: string; label: 0 | 1 }[];
const feedbackScores = items.map((item) => predictProbability(final.model, featurize(item.text)));
const count = (verdicts: boolean[]) => {
  const correct = verdicts.filter((v, i) => v === (items[i]?.label === 1)).length;
  return { accuracy: correct / items.length, correct, total: items.length };
};

// Bands and operating points from the out-of-fold scores of the shipped λ.
const candidates = BAND_MARGINS.map((m) => {
  const negativeBelow = Number((0.5 - m).toFixed(2));
  const positiveAbove = Number((0.5 + m).toFixed(2));
  const stats = bandStats(pooled.outOfFold, input.labels, negativeBelow, positiveAbove);
  return { negativeBelow, positiveAbove, negative: stats.negative, positive: stats.positive };
});
const recommended = candidates.find(
  (c) => c.negative.precision >= BAND_PRECISION && c.positive.precision >= BAND_PRECISION,
);
const operatingPoints = OPERATING_POINTS.map((cutoff) => {
  const s = bandStats(pooled.outOfFold, input.labels, cutoff, cutoff);
  return { cutoff, below: s.negative, above: s.positive };
});

const trainedAt = new Date().toISOString();
const onnxBytes = exportOnnx(final.model, { name: MODEL_NAME, version: MODEL_VERSION, trainedAt });

// The exported graph must compute the model's probability: score every training text both ways.
const scorer = await loadSentimentScorer({ bytes: onnxBytes });
const onnxScores = await scorer.score(input.groups.map((g) => g.text));
let onnxMaxAbsDiff = 0;
input.features.forEach((x, i) => {
  onnxMaxAbsDiff = Math.max(onnxMaxAbsDiff, Math.abs((onnxScores[i] as number) - predictProbability(final.model, x)));
});
await scorer.release();

const crossAhead = cross.every((c) => c.model.accuracy > c.afinn.accuracy && c.model.accuracy > c.vader.accuracy);
const report: EvaluationReport = {
  model: {
    name: MODEL_NAME,
    version: MODEL_VERSION,
    featureVersion: FEATURE_VERSION,
    l2: L2,
    fitBias: FIT_BIAS,
    trainedAt,
  },
  data: {
    source: DATA_SOURCE,
    rows: data.rows,
    rowsByDomain: data.rowsByDomain,
    dedupedGroups: data.groups.length,
    conflictingGroups: data.conflicting,
    positiveGroups: input.labels.filter((l) => l === 1).length,
  },
  pooled10Fold: {
    folds: pooled.folds,
    seed: pooled.seed,
    model: pooled.model,
    afinn: pooled.afinn,
    vader: pooled.vader,
    foldAccuracy: pooled.foldAccuracy,
  },
  crossDomain: cross,
  feedbackCheck: {
    description: feedbackCheck.description,
    model: count(feedbackScores.map((s) => s >= 0.5)),
    afinn: count(items.map((item) => afinnPositive(item.text))),
    vader: count(items.map((item) => vaderPositive(item.text))),
    modelErrors: items
      .map((item, i) => ({ ...item, score: feedbackScores[i] as number }))
      .filter((e) => e.score >= 0.5 !== (e.label === 1)),
  },
  regularisation: L2_GRID.map((l2) => ({ l2, pooled10FoldAccuracy: (grid.get(l2) as PooledResult).model.accuracy })),
  bands: {
    rule: `the narrowest symmetric neutral band around 0.5 (margins ${BAND_MARGINS.join(', ')}) whose negative and positive bands are each at least ${BAND_PRECISION * 100}% precise on the out-of-fold scores`,
    recommended: recommended
      ? { negativeBelow: recommended.negativeBelow, positiveAbove: recommended.positiveAbove }
      : null,
    shipped: { ...SENTIMENT_THRESHOLDS },
    outOfFold: bandStats(
      pooled.outOfFold,
      input.labels,
      SENTIMENT_THRESHOLDS.negativeBelow,
      SENTIMENT_THRESHOLDS.positiveAbove,
    ),
    candidates,
  },
  operatingPoints,
  targets: {
    pooled10FoldAccuracy: TARGETS.pooled10FoldAccuracy,
    pooled10FoldMet: pooled.model.accuracy >= TARGETS.pooled10FoldAccuracy,
    crossDomainAheadOfBothBaselines: crossAhead,
  },
};

const card = modelCard(report, final.model, onnxBytes, onnxMaxAbsDiff);

await mkdir(outDir, { recursive: true });
const markdown = renderReport(report);
await writeFile(path.join(outDir, SENTIMENT_MODEL_FILE), onnxBytes);
await writeFile(path.join(outDir, SENTIMENT_MODEL_CARD_FILE), `${JSON.stringify(card, null, 2)}\n`);
await writeFile(path.join(outDir, 'evaluation.json'), `${JSON.stringify(report, null, 2)}\n`);
await writeFile(path.join(outDir, 'evaluation.md'), markdown);
// Format the JSON as the repo's formatter would, so `npm run lint` stays clean after a retrain.
try {
  execFileSync(
    process.execPath,
    [
      createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome'),
      'format',
      '--write',
      path.join(outDir, SENTIMENT_MODEL_CARD_FILE),
      path.join(outDir, 'evaluation.json'),
    ],
    { stdio: 'ignore' },
  );
} catch {
  process.stderr.write('note: biome could not format the JSON artifacts (they are valid, only laid out differently)\n');
}

process.stdout.write(`\n${markdown}\n`);
process.stdout.write(
  `wrote ${path.relative(process.cwd(), outDir) || '.'}/{${SENTIMENT_MODEL_FILE},${SENTIMENT_MODEL_CARD_FILE},evaluation.json,evaluation.md}; ` +
    `ONNX vs TypeScript max |Δp| = ${onnxMaxAbsDiff.toExponential(2)}\n`,
);
if (
  recommended &&
  (recommended.negativeBelow !== SENTIMENT_THRESHOLDS.negativeBelow ||
    recommended.positiveAbove !== SENTIMENT_THRESHOLDS.positiveAbove)
) {
  process.stderr.write(
    `note: the band rule now recommends negative < ${recommended.negativeBelow}, positive > ${recommended.positiveAbove}; SENTIMENT_THRESHOLDS ship ${SENTIMENT_THRESHOLDS.negativeBelow}/${SENTIMENT_THRESHOLDS.positiveAbove}\n`,
  );
}
if (!report.targets.pooled10FoldMet || !report.targets.crossDomainAheadOfBothBaselines) {
  process.stderr.write('a target is not met: see the report above\n');
  process.exitCode = 1;
}
