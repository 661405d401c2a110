/**
 * The forecast model of a container: read from where `MODEL_AIR_QUALITY_URI` says it is
 * published (the registry's current version in the models bucket on AWS, `<data dir>/models/
 * air-quality` locally) and loaded into one onnxruntime session the first time a day closes.
 * From then on, every `MODEL_CHECK_SECONDS` at most, a batch that forecasts first checks the
 * registry's pointer and swaps to a newly published (or rolled back) version, as the sentiment
 * scorer does (functions/lib/model-store/live-model.ts). The onnxruntime import and the
 * model's megabyte are paid only by containers that forecast. A failed first load is
 * forgotten, so the next batch tries again.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { AirForecastScorer } from '../lib/air-forecast/index.js';
import { modelCheckIntervalMs, modelCheckReporter, publishedModel } from '../lib/model-store/index.js';
import type { LiveModel } from '../lib/model-store/live-model.js';
import { AIR_FORECAST_MODEL } from './config.js';

const MODEL_FILE = 'model.onnx';

/**
 * Lends a batch the model: `fn` gets the scorer current when it starts and keeps it until it
 * settles, whatever a later batch swaps in meanwhile.
 */
export type ForecastScorerUse = <T>(fn: (scorer: AirForecastScorer) => Promise<T>) => Promise<T>;

/** Loads the published forecast model once (one InferenceSession), without checking it again. */
export async function loadPublishedForecastScorer(env: NodeJS.ProcessEnv = process.env): Promise<AirForecastScorer> {
  const files = await publishedModel(AIR_FORECAST_MODEL, { env }).read([MODEL_FILE]);
  const { loadAirForecastScorer } = await import('../lib/air-forecast/scorer.js');
  return loadAirForecastScorer({ bytes: files.files.get(MODEL_FILE) as Uint8Array });
}

/** Memoises a start: the first caller starts it, the others share it; a failed start is forgotten. */
function once<M>(start: () => Promise<M>): () => Promise<M> {
  let starting: Promise<M> | undefined;
  return () => {
    starting ??= start().catch((error: unknown) => {
      starting = undefined;
      throw error;
    });
    return starting;
  };
}

/** A model loaded once and kept: the same scorer for every batch. */
export function onceScorer(load: () => Promise<AirForecastScorer>): ForecastScorerUse {
  const scorer = once(load);
  return async (fn) => fn(await scorer());
}

/** A live model started on first use, then checked for a newer published version before each batch's use. */
export function liveForecastScorer(start: () => Promise<LiveModel<AirForecastScorer>>): ForecastScorerUse {
  const live = once(start);
  return async (fn) => (await live()).use(fn);
}

export interface PublishedForecastScorerOptions {
  /** Environment: `MODEL_AIR_QUALITY_URI` and `MODEL_CHECK_SECONDS` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Where swaps, refusals and failed checks are logged and counted (functions/lib/model-store/check-report.ts). */
  report?: { logger: Logger; metrics: Metrics };
}

/** The published forecast model, loaded on first use and swapped between batches when the registry's pointer moves. */
export function publishedForecastScorer(options: PublishedForecastScorerOptions = {}): ForecastScorerUse {
  const env = options.env ?? process.env;
  return liveForecastScorer(async () => {
    const published = publishedModel(AIR_FORECAST_MODEL, { env });
    const { liveAirForecastModel } = await import('../lib/air-forecast/live-model.js');
    return liveAirForecastModel(published, {
      checkIntervalMs: modelCheckIntervalMs(env),
      ...(options.report ? { onCheck: modelCheckReporter(published, options.report) } : {}),
    });
  });
}
