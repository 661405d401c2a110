export { InvalidPipelineError, PipelineError } from './errors.js';
export {
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
