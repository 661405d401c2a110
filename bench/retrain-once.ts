/**
 * One nightly sentiment retraining (models/sentiment/train/retrain.ts) in a process of its own,
 * so its peak RSS is the retraining's: `labels` labelled feedback (the slang domain of the tests,
 * repeated with a numbered suffix to make distinct texts) handed over as the Athena query's rows
 * would be, the shipped model as current, the registry in a temporary directory. Prints one JSON
 * line: { labels, published, wallMs, maxRssMb, lambdaUsdPerMonth }, the last the nightly run's
 * Lambda bill at the retrainer's memory in infra/pipeline.ts (30 runs; the time scaled by
 * 1,769 MB / memory when that is under one vCPU, as bench/cost.ts does; Athena's wait not included).
 *
 *   node --no-experimental-require-module --import tsx bench/retrain-once.ts 3000
 */

import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { directoryObjects } from '../functions/lib/model-registry/index.js';
import { pipeline } from '../infra/pipeline.js';
import { retrainSentiment } from '../models/sentiment/train/retrain.js';
import type { LabelledFeedback } from '../models/sentiment/train/training-set-sql.js';
import { slangFeedback } from '../test/models/sentiment/labelled-domain.js';
import { PRICES } from './cost.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const labels = Number(process.argv[2] ?? 3000);
const T0 = Date.UTC(2026, 10, 1);

const domain = slangFeedback();
const rows: LabelledFeedback[] = Array.from({ length: labels }, (_, i) => {
  const item = domain[i % domain.length]!;
  return {
    feedbackId: `f${i}`,
    text: i < domain.length ? item.text : `${item.text} (${Math.floor(i / domain.length)})`,
    label: item.label === 'positive' ? 1 : 0,
    labelledAt: new Date(T0 + i * 60_000).toISOString(),
  };
});

const dir = await mkdtemp(path.join(tmpdir(), 'tandem-retrain-bench-'));
try {
  for (const file of ['model.onnx', 'model-card.json']) {
    await cp(path.join(root, 'models/sentiment', file), path.join(dir, file));
  }
  const started = performance.now();
  const result = await retrainSentiment({ objects: directoryObjects(dir), labelledFeedback: async () => rows });
  const wallMs = performance.now() - started;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const memoryMb = pipeline.functions.retrainer?.memoryMb ?? 1024;
  const lambdaSeconds = (wallMs / 1000) * Math.max(1, 1769 / memoryMb);
  const nights = 30;
  const lambdaUsdPerMonth =
    nights * (lambdaSeconds * (memoryMb / 1024) * PRICES.lambdaArmGbSecond + PRICES.lambdaRequest);
  process.stdout.write(
    `${JSON.stringify({ labels, published: result.published, wallMs, maxRssMb, memoryMb, lambdaUsdPerMonth })}\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
