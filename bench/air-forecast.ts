import { fileURLToPath } from 'node:url';
import {
  calendarOf,
  FEATURE_COUNT,
  loadAirForecastScorer,
  predictForecastRows,
} from '../functions/lib/air-forecast/index.js';
import { loadDailyReadings, loadStations } from '../models/air-quality/train/data.js';
import { buildDataset } from '../models/air-quality/train/dataset.js';
import { fmt, printTable } from './table.js';

/**
 * The PM10 forecast model (models/air-quality/model.onnx) on the 2008 forecast rows of the
 * bundled data: the same model (linear part + trees) scored by onnxruntime (one run per
 * batch) and by the TypeScript evaluation read back from the file (what the reasons and tests
 * use), at batches of 100 and 1,000 rows, and SHAP explanations per row. Paths take turns for ROUNDS rounds and
 * each reports its best, so load from elsewhere on the machine hits them alike.
 */
const ROUNDS = 5;
const ROUND_MS = 400;
const MODEL_DIR = fileURLToPath(new URL('../models/air-quality/', import.meta.url));

async function round(records: number, work: () => unknown): Promise<number> {
  let passes = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    await work();
    passes++;
    elapsed = performance.now() - start;
  }
  return (records * passes * 1000) / elapsed;
}

export async function run(): Promise<void> {
  const data = buildDataset(
    loadDailyReadings().filter((r) => calendarOf(r.day).year >= 2007),
    loadStations(),
  );
  const start = data.day.findIndex((d) => calendarOf(d + 1).year === 2008);
  const rows = 10_000;
  const x = data.x.slice(start * FEATURE_COUNT, (start + rows) * FEATURE_COUNT);
  const scorer = await loadAirForecastScorer({ modelDir: MODEL_DIR });
  const batches = (size: number, score: (batch: Float32Array, n: number) => unknown) => async () => {
    for (let i = 0; i < rows; i += size) await score(x.subarray(i * FEATURE_COUNT, (i + size) * FEATURE_COUNT), size);
  };
  const shapRows = 200;
  const paths = [
    {
      path: 'onnxruntime Imputer → LinearRegressor + TreeEnsembleRegressor, one run per batch',
      batch: 100,
      records: rows,
      work: batches(100, (b, n) => scorer.predict(b, n)),
    },
    {
      path: 'onnxruntime Imputer → LinearRegressor + TreeEnsembleRegressor, one run per batch',
      batch: 1000,
      records: rows,
      work: batches(1000, (b, n) => scorer.predict(b, n)),
    },
    {
      path: 'TypeScript evaluation of the same linear part + trees',
      batch: 100,
      records: rows,
      work: batches(100, (b, n) => predictForecastRows(scorer.model, b, n)),
    },
    {
      path: 'TypeScript evaluation of the same linear part + trees',
      batch: 1000,
      records: rows,
      work: batches(1000, (b, n) => predictForecastRows(scorer.model, b, n)),
    },
    {
      path: 'SHAP (exact: path-dependent TreeSHAP + linear), per row',
      batch: 1,
      records: shapRows,
      work: () => {
        for (let r = 0; r < shapRows; r++) scorer.explain(x, r * FEATURE_COUNT);
      },
    },
  ];
  for (const p of paths) await p.work();
  const best = paths.map(() => 0);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, p] of paths.entries()) best[i] = Math.max(best[i] as number, await round(p.records, p.work));
  }
  const trees = scorer.ensemble.trees.length;
  const nodes = scorer.ensemble.trees.reduce((s, t) => s + t.feature.length, 0);
  await scorer.release();
  printTable(
    `air forecast: ${fmt(rows)} forecast rows of 2008, ${trees} trees (${fmt(nodes)} nodes), one thread, best of ${ROUNDS} interleaved rounds`,
    paths.map((p, i) => ({
      path: p.path,
      batch: fmt(p.batch),
      'records/s': fmt(best[i] as number),
      'µs/record': fmt(1e6 / (best[i] as number), 2),
    })),
  );
}
