export { InvalidPipelineError, PipelineError } from './errors.js';
export {
  ARCHIVE_QUERY_ENV,
  bucketEnvName,
  consumerGroupOf,
  modelUriEnvName,
  RESERVED_LOCATION_NAMES,
  secretArnEnvName,
  secretValueEnvName,
  tableEnvName,
} from './names.js';
export * from './types.js';
export { validatePipeline } from './validate.js';
