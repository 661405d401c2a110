import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import {
  AirForecastModelError,
  FEATURE_COUNT,
  loadAirForecastScorer,
  predictForecastRows,
  predictRows,
  readForecastModel,
  UnknownFeatureVersionError,
} from '../../../functions/lib/air-forecast/index.js';
import { trainLinearBoost } from '../../../models/air-quality/train/boost.js';
import { GBDT, LINEAR_BASE } from '../../../models/air-quality/train/config.js';
import { trainGbdt } from '../../../models/air-quality/train/gbdt.js';
import { exportOnnx } from '../../../models/air-quality/train/onnx-export.js';
import { mulberry32 } from '../../../models/air-quality/train/random.js';
import { smallDataset } from './small-dataset.js';

const { onnx } = onnxProto;
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

  it('writes linear part + trees that onnxruntime scores as the TypeScript model does, missing values included', async () => {
    // Prepare: trees boosted from the shipped linear base.
    const { train, valid } = smallDataset();
    const boost = trainLinearBoost(
      train,
      LINEAR_BASE,
      { ...GBDT, maxTrees: 40, learningRate: 0.2, minSamplesLeaf: 10 },
      valid,
    );
    const rows = rowsWithHoles(train.x, train.rows);

    // Act
    const bytes = exportOnnx(boost.fit.ensemble, META, boost.linear);
    const scorer = await loadAirForecastScorer({ bytes });
    const onnx = await scorer.predict(rows.x, rows.rows);
    const step = Math.floor(rows.rows / 200);
    const explained = Array.from({ length: 200 }, (_, i) => scorer.explain(rows.x, i * step * FEATURE_COUNT));
    await scorer.release();

    // Assess: onnxruntime = linear part + trees; the linear part matters, also where imputed;
    // and the reasons add up to what onnxruntime scored.
    const ts = predictForecastRows(boost.model, rows.x, rows.rows);
    const treesOnly = predictRows(boost.fit.ensemble, rows.x, rows.rows);
    let worst = 0;
    let linearShare = 0;
    for (let i = 0; i < rows.rows; i++) {
      worst = Math.max(worst, Math.abs((onnx[i] as number) - (ts[i] as number)));
      linearShare = Math.max(linearShare, Math.abs((ts[i] as number) - (treesOnly[i] as number)));
    }
    expect(worst).toBeLessThan(1e-3);
    expect(linearShare).toBeGreaterThan(5);
    for (const [i, { baseValue, contributions }] of explained.entries()) {
      const sum = contributions.reduce((s, c) => s + c, baseValue);
      expect(Math.abs(sum - (onnx[i * step] as number))).toBeLessThan(1e-3);
    }
  });

  it('round-trips: the linear part and trees read back from the bytes are those written', () => {
    // Prepare
    const { train } = smallDataset();
    const boost = trainLinearBoost(train, LINEAR_BASE, { ...GBDT, maxTrees: 5, learningRate: 0.3, minSamplesLeaf: 10 });

    // Act
    const { model } = readForecastModel(exportOnnx(boost.fit.ensemble, META, boost.linear), FEATURE_COUNT);

    // Assess
    expect(model).toEqual(boost.model);
    expect(model.linear?.coefficients.filter((c) => c !== 0)).toHaveLength(LINEAR_BASE.features.length);
  });

  it('is refused when the graph computes something the read-back would not explain', () => {
    // Prepare: the linear part + trees graph with its Add taken out (the trees then write pm10_trees, nothing writes pm10).
    const { train } = smallDataset();
    const boost = trainLinearBoost(train, LINEAR_BASE, { ...GBDT, maxTrees: 2 });
    const proto = onnx.ModelProto.decode(exportOnnx(boost.fit.ensemble, META, boost.linear));
    const graph = proto.graph as onnxProto.onnx.GraphProto;
    graph.node = graph.node.filter((n) => n.opType !== 'Add');
    const bytes = onnx.ModelProto.encode(proto).finish();

    // Act & Assess
    expect(() => readForecastModel(bytes, FEATURE_COUNT)).toThrow(AirForecastModelError);
  });

  it('round-trips: the trees read back from the bytes are the trees written', () => {
    // Prepare
    const { train } = smallDataset();
    const fit = trainGbdt(train, FEATURE_COUNT, { ...GBDT, maxTrees: 5, learningRate: 0.3, minSamplesLeaf: 10 });

    // Act
    const { ensemble, metadata, model } = readForecastModel(exportOnnx(fit.ensemble, META), FEATURE_COUNT);

    // Assess: a graph of trees alone (model 1.0.0) has no linear part.
    expect(ensemble).toEqual(fit.ensemble);
    expect(model.linear).toBeUndefined();
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
