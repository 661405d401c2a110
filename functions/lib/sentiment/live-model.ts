/**
 * The sentiment model a scorer keeps for its container's life, swapped for a newer published
 * version between batches (functions/lib/model-store/live-model.ts) once it passes
 * `loadPublishedSentimentScorer`'s checks.
 */

// The live model machinery alone, not the model-store index: this folder's bundle stays free
// of the S3 client, which only `publishedModel` needs.
import { type LiveModel, type LiveModelOptions, liveModel } from '../model-store/live-model.js';
import type { PublishedModel } from '../model-store/published-model.js';
import { loadPublishedSentimentScorer, SENTIMENT_MODEL_FILES } from './published-scorer.js';
import type { SentimentScorer, SentimentScorerOptions } from './scorer.js';

export interface LiveSentimentModelOptions
  extends Pick<LiveModelOptions<SentimentScorer>, 'checkIntervalMs' | 'checkTimeoutMs' | 'onCheck' | 'now'> {
  /** onnxruntime session options of every model loaded (see `SentimentScorerOptions`). */
  sessionOptions?: SentimentScorerOptions['sessionOptions'];
}

/** Loads the published sentiment model (throws if it cannot be used) and keeps it current. */
export function liveSentimentModel(
  published: PublishedModel,
  options: LiveSentimentModelOptions,
): Promise<LiveModel<SentimentScorer>> {
  const { sessionOptions, ...checks } = options;
  return liveModel({
    ...checks,
    published,
    files: SENTIMENT_MODEL_FILES,
    load: (files, current) => loadPublishedSentimentScorer(files, current, sessionOptions ? { sessionOptions } : {}),
    release: (scorer) => scorer.release(),
  });
}
