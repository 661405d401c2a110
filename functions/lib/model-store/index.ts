export { type ModelCheckReporterOptions, ModelMetric, modelCheckReporter } from './check-report.js';
export { MODEL_CHECK_SECONDS, modelCheckIntervalMs } from './config.js';
export { ModelStoreError } from './errors.js';
export {
  type LiveModel,
  type LiveModelOptions,
  liveModel,
  MODEL_CHECK_TIMEOUT_MS,
  type ModelCheck,
} from './live-model.js';
export { type ModelDirectoryOptions, modelDirectory } from './model-directory.js';
export { type ModelLocation, modelLocation } from './model-location.js';
export {
  type PublishedFiles,
  type PublishedModel,
  type PublishedModelOptions,
  publishedModel,
} from './published-model.js';
