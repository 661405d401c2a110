/**
 * The forecast model a container keeps for its life, swapped for a newer published version
 * between batches (functions/lib/model-store/live-model.ts) once it passes
 * `loadPublishedAirForecastScorer`'s checks: the same mechanism and cadence
 * (`MODEL_CHECK_SECONDS`) as the sentiment scorer's.
 */

// The live model machinery alone, not the model-store index: this folder's bundle stays free
// of the S3 client, which only `publishedModel` needs.
import { type LiveModel, type LiveModelOptions, liveModel } from '../model-store/live-model.js';
import type { PublishedModel } from '../model-store/published-model.js';
import { AIR_FORECAST_MODEL_FILES, loadPublishedAirForecastScorer } from './published-scorer.js';
import type { AirForecastScorer } from './scorer.js';

export type LiveAirForecastModelOptions = Pick<
  LiveModelOptions<AirForecastScorer>,
  'checkIntervalMs' | 'checkTimeoutMs' | 'onCheck' | 'now'
>;

/** Loads the published forecast model (throws if it cannot be used) and keeps it current. */
export function liveAirForecastModel(
  published: PublishedModel,
  options: LiveAirForecastModelOptions,
): Promise<LiveModel<AirForecastScorer>> {
  return liveModel({
    ...options,
    published,
    files: AIR_FORECAST_MODEL_FILES,
    load: (files, current) => loadPublishedAirForecastScorer(files, current),
    release: (scorer) => scorer.release(),
  });
}
