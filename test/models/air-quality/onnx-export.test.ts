import { describe, expect, it } from 'vitest';
import {
  AirForecastModelError,
  FEATURE_COUNT,
  loadAirForecastScorer,
  predictRows,
  readForecastModel,
  UnknownFeatureVersionError,
} from '../../../functions/lib/air-forecast/index.js';
import { GBDT } from '../../../models/air-quality/train/config.js';
import { trainGbdt } from '../../../models/air-quality/train/gbdt.js';
import { exportOnnx } from '../../../models/air-quality/train/onnx-export.js';
import { mulberry32 } from '../../../models/air-quality/train/random.js';
import { smallDataset } from './small-dataset.js';

const META = { name: 'test-air', version: '0.0.1', trainedAt: '2026-01-01T00:00:00.000Z' };

/** The small data's rows, then the same rows again with about a third of the values NaN. */
function rowsWithHoles(x: Float32Array, rows: number): { x: Float32Array; rows: number } {
  const holed = x.slice(0, rows * FEATURE_COUNT);
  const random = mulberry32(3);
  for (let i = 0; i < holed.length; i++) if (random() < 1 / 3) holed[i] = Number.NaN;
  const both = new Float32Array(2 * rows * FEATURE_COUNT);
  both.set(x.subarray(0, rows * FEATURE_COUNT));
  both.set(holed, rows * FEATURE_COUNT);
  return { x: both, rows: 2 * rows };
}

describe('exportOnnx', () => {
  it('writes a TreeEnsembleRegressor that onnxruntime scores as the TypeScript trees do, missing values included', async () => {
    // Prepare: a small model (deep enough that missing routing matters at many nodes).
    const { train, valid } = smallDataset();
    const fit = trainGbdt(
      train,
      FEATURE_COUNT,
      { ...GBDT, maxTrees: 40, learningRate: 0.2, minSamplesLeaf: 10 },
      valid,
    );
    const rows = rowsWithHoles(train.x, train.rows);

    // Act
    const bytes = exportOnnx(fit.ensemble, META);
    const scorer = await loadAirForecastScorer({ bytes });
    const onnx = await scorer.predict(rows.x, rows.rows);
    await scorer.release();

    // Assess: thousands of rows, half with holes; float32 accumulation against float64.
    const ts = predictRows(fit.ensemble, rows.x, rows.rows);
    expect(rows.rows).toBeGreaterThan(5000);
    let worst = 0;
    for (let i = 0; i < rows.rows; i++) worst = Math.max(worst, Math.abs((onnx[i] as number) - (ts[i] as number)));
    expect(worst).toBeLessThan(1e-3);
    const nanRows = ts.slice(train.rows);
    expect(new Set(nanRows).size).toBeGreaterThan(100);
  });

  it('round-trips: the trees read back from the bytes are the trees written', () => {
    // Prepare
    const { train } = smallDataset();
    const fit = trainGbdt(train, FEATURE_COUNT, { ...GBDT, maxTrees: 5, learningRate: 0.3, minSamplesLeaf: 10 });

    // Act
    const { ensemble, metadata } = readForecastModel(exportOnnx(fit.ensemble, META), FEATURE_COUNT);

    // Assess
    expect(ensemble).toEqual(fit.ensemble);
    expect(metadata.get('version')).toBe('0.0.1');
    expect(JSON.parse(metadata.get('featureNames') as string)).toHaveLength(FEATURE_COUNT);
  });

  it('is refused by the scorer when its feature version is not this code’s', async () => {
    // Prepare: same-length version string, so the protobuf stays valid.
    const { train } = smallDataset();
    const fit = trainGbdt(train, FEATURE_COUNT, { ...GBDT, maxTrees: 2 });
    const bytes = exportOnnx(fit.ensemble, META);
    const text = Buffer.from(bytes).toString('latin1').replace('tandem-air-features/1', 'tandem-air-features/0');

    // Act & Assess
    await expect(loadAirForecastScorer({ bytes: Buffer.from(text, 'latin1') })).rejects.toThrow(
      UnknownFeatureVersionError,
    );
    await expect(loadAirForecastScorer({ bytes: Uint8Array.of(1, 2, 3) })).rejects.toThrow(AirForecastModelError);
  });
});
