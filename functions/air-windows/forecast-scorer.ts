/**
 * The forecast model of a container: read from where `MODEL_AIR_QUALITY_URI` says it is
 * published (the models bucket on AWS, models/air-quality locally) and loaded into one
 * onnxruntime session the first time a day closes, then kept for every later batch. The
 * onnxruntime import and the model's megabyte are paid only by containers that forecast.
 * A failed load is forgotten, so the next batch tries again.
 */

import type { AirForecastScorer } from '../lib/air-forecast/index.js';
import { publishedModel } from '../lib/model-store/index.js';
import { AIR_FORECAST_MODEL } from './config.js';

const MODEL_FILE = 'model.onnx';

/** Loads the published forecast model (one InferenceSession). */
export async function loadPublishedForecastScorer(env: NodeJS.ProcessEnv = process.env): Promise<AirForecastScorer> {
  const files = await publishedModel(AIR_FORECAST_MODEL, { env }).read([MODEL_FILE]);
  const { loadAirForecastScorer } = await import('../lib/air-forecast/scorer.js');
  return loadAirForecastScorer({ bytes: files.files.get(MODEL_FILE) as Uint8Array });
}

/** A loader that loads once and shares the scorer (or the load in flight) with every caller. */
export function onceScorer(load: () => Promise<AirForecastScorer>): () => Promise<AirForecastScorer> {
  let loading: Promise<AirForecastScorer> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
