import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AirForecastScorer,
  calendarOf,
  FEATURE_COUNT,
  loadAirForecastScorer,
  predictForecastRows,
  predictRows,
} from '../../../../functions/lib/air-forecast/index.js';
import { loadDailyReadings, loadStations } from '../../../../models/air-quality/train/data.js';
import { buildDataset } from '../../../../models/air-quality/train/dataset.js';
import { mulberry32 } from '../../../../models/air-quality/train/random.js';

const MODEL_DIR = fileURLToPath(new URL('../../../../models/air-quality/', import.meta.url));

/** The shipped model's test-year rows (2008), then the same rows with about a third of the values NaN. */
function testRows(): { x: Float32Array; rows: number } {
  const readings = loadDailyReadings().filter((r) => calendarOf(r.day).year >= 2007);
  const data = buildDataset(readings, loadStations());
  const start = data.day.findIndex((d) => calendarOf(d + 1).year === 2008);
  const rows = data.rows - start;
  const x = new Float32Array(2 * rows * FEATURE_COUNT);
  x.set(data.x.subarray(start * FEATURE_COUNT));
  const random = mulberry32(5);
  for (let i = 0; i < rows * FEATURE_COUNT; i++) {
    x[rows * FEATURE_COUNT + i] = random() < 1 / 3 ? Number.NaN : (x[i] as number);
  }
  return { x, rows: 2 * rows };
}

describe('the shipped air forecast model', () => {
  let scorer: AirForecastScorer;
  let rows: { x: Float32Array; rows: number };
  beforeAll(async () => {
    scorer = await loadAirForecastScorer({ modelDir: MODEL_DIR });
    rows = testRows();
  });
  afterAll(() => scorer.release());

  it('scores in onnxruntime what the TypeScript evaluation of its own linear part and trees gives, missing values included', async () => {
    // Act: one run for the whole batch.
    const onnx = await scorer.predict(rows.x, rows.rows);

    // Assess: float32 accumulation in onnxruntime against float64 here.
    const ts = predictForecastRows(scorer.model, rows.x, rows.rows);
    expect(rows.rows).toBeGreaterThan(20000);
    expect(scorer.model.linear).toBeDefined();
    let worst = 0;
    for (let i = 0; i < rows.rows; i++) {
      worst = Math.max(
        worst,
        Math.abs((onnx[i] as number) - (ts[i] as number)) / Math.max(1, Math.abs(ts[i] as number)),
      );
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('explains each forecast exactly: base value + Σ SHAP contributions = the onnxruntime forecast', async () => {
    // Prepare: every 40th row of both halves (with and without holes), and what onnxruntime scores.
    const picked = Array.from({ length: Math.floor(rows.rows / 40) }, (_, i) => i * 40);
    const onnx = await scorer.predict(rows.x, rows.rows);
    const treesOnly = predictRows(scorer.ensemble, rows.x, rows.rows);
    let linearMatters = 0;

    for (const r of picked) {
      // Act
      const { baseValue, contributions } = scorer.explain(rows.x, r * FEATURE_COUNT);

      // Assess
      const sum = contributions.reduce((s, c) => s + c, baseValue);
      expect(Math.abs(sum - (onnx[r] as number))).toBeLessThan(1e-3);
      linearMatters = Math.max(linearMatters, Math.abs(sum - (treesOnly[r] as number)));
    }
    expect(picked.length).toBeGreaterThan(500);
    // Reasons that left out the linear part would be off by this much.
    expect(linearMatters).toBeGreaterThan(5);
    expect(scorer.baseValue).toBeGreaterThan(10);
  });
});
