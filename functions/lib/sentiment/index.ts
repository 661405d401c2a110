export { SENTIMENT_BANDS, SENTIMENT_THRESHOLDS, type SentimentBand, sentimentBand } from './bands.js';
export {
  SentimentError,
  SentimentInputError,
  SentimentModelError,
  SentimentModelRefusedError,
  UnknownFeatureVersionError,
} from './errors.js';
export {
  FEATURE_COUNT,
  FEATURE_VERSION,
  featurize,
  HASH_BITS,
  HASH_BUCKETS,
  LEXICON_FEATURE_NAMES,
  LEXICON_FEATURES,
  type SparseFeatures,
} from './features.js';
export { FNV1A32_OFFSET, fnv1a32 } from './hash.js';
export { type LiveSentimentModelOptions, liveSentimentModel } from './live-model.js';
export {
  SENTIMENT_GRAPH,
  SENTIMENT_METADATA,
  SENTIMENT_MODEL_CARD_FILE,
  SENTIMENT_MODEL_FILE,
} from './model-format.js';
export { readOnnxMetadata } from './onnx-metadata.js';
export { loadPublishedSentimentScorer, SENTIMENT_MODEL_FILES, SMOKE_TEXTS } from './published-scorer.js';
export {
  KNOWN_FEATURE_VERSIONS,
  loadSentimentScorer,
  type SentimentModelSource,
  type SentimentScorer,
  type SentimentScorerOptions,
} from './scorer.js';
export { NEGATION_PREFIX, tokenize } from './tokenize.js';
