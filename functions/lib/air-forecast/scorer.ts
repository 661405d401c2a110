import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { AirForecastError, AirForecastModelError, UnknownFeatureVersionError } from './errors.js';
import { FEATURE_COUNT, FEATURE_VERSION } from './features.js';
import { type ForecastModel, forecastExplainer } from './forecast-model.js';
import { AIR_FORECAST_GRAPH, AIR_FORECAST_METADATA, AIR_FORECAST_MODEL_FILE } from './model-format.js';
import { readForecastModel } from './onnx-trees.js';
import type { ShapValues } from './tree-shap.js';
import type { TreeEnsemble } from './trees.js';

/** Where the model comes from: a model directory (holding model.onnx), a file, or its bytes. */
export type AirForecastModelSource = { modelDir: string } | { modelPath: string } | { bytes: Uint8Array };

export interface AirForecastScorer {
  readonly version: string;
  readonly featureVersion: string;
  readonly trainedAt: string | undefined;
  /** The trees onnxruntime runs, read from the same bytes. */
  readonly ensemble: TreeEnsemble;
  /** The whole model onnxruntime runs (linear part + trees), read from the same bytes. */
  readonly model: ForecastModel;
  /** E[forecast] that the reasons start from, µg/m³. */
  readonly baseValue: number;
  /** Forecasts (µg/m³) for `rows` rows of FEATURE_COUNT features, row-major: one onnxruntime run for the batch. */
  predict(features: Float32Array, rows: number): Promise<Float32Array>;
  /** SHAP contributions of one row (at `offset` in `features`), µg/m³: TreeSHAP plus the linear part's. */
  explain(features: ArrayLike<number>, offset?: number): ShapValues;
  release(): Promise<void>;
}

async function modelBytes(source: AirForecastModelSource): Promise<Uint8Array> {
  if ('bytes' in source) return source.bytes;
  const file = 'modelPath' in source ? source.modelPath : path.join(source.modelDir, AIR_FORECAST_MODEL_FILE);
  try {
    return await readFile(file);
  } catch (cause) {
    throw new AirForecastModelError(`cannot read air forecast model ${file}`, { cause });
  }
}

/**
 * Loads a forecast model: reads its trees and metadata from the ONNX bytes, refuses a feature
 * version this code does not compute, and creates one InferenceSession (one thread: a batch of
 * a day's stations is microseconds of tree walks). Call once per container and keep it.
 */
export async function loadAirForecastScorer(source: AirForecastModelSource): Promise<AirForecastScorer> {
  const bytes = await modelBytes(source);
  const { metadata, ensemble, model } = readForecastModel(bytes, FEATURE_COUNT);
  const featureVersion = metadata.get(AIR_FORECAST_METADATA.featureVersion);
  if (featureVersion === undefined) {
    throw new AirForecastModelError(
      `air forecast model has no ${AIR_FORECAST_METADATA.featureVersion} in its metadata`,
    );
  }
  if (featureVersion !== FEATURE_VERSION) throw new UnknownFeatureVersionError(featureVersion, [FEATURE_VERSION]);

  const ort = await import('onnxruntime-node');
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
  } catch (cause) {
    throw new AirForecastModelError('onnxruntime cannot load the air forecast model', { cause });
  }
  const { featuresInput, pm10Output } = AIR_FORECAST_GRAPH;
  const explain = forecastExplainer(model);
  const baseValue = explain(new Float32Array(FEATURE_COUNT)).baseValue;
  return {
    version: metadata.get(AIR_FORECAST_METADATA.version) ?? 'unknown',
    featureVersion,
    trainedAt: metadata.get(AIR_FORECAST_METADATA.trainedAt),
    ensemble,
    model,
    baseValue,
    async predict(features, rows) {
      if (!Number.isInteger(rows) || rows < 0 || features.length < rows * FEATURE_COUNT) {
        throw new AirForecastError(`predict needs ${rows} rows of ${FEATURE_COUNT} features`);
      }
      if (rows === 0) return new Float32Array(0);
      const input = new ort.Tensor('float32', features.subarray(0, rows * FEATURE_COUNT), [rows, FEATURE_COUNT]);
      const result = await session.run({ [featuresInput]: input });
      const out = result[pm10Output];
      if (!out || !(out.data instanceof Float32Array) || out.data.length !== rows) {
        throw new AirForecastModelError(`air forecast model returned no ${pm10Output} of ${rows} floats`);
      }
      return out.data;
    },
    explain,
    release: () => session.release(),
  };
}
