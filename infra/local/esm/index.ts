export {
  type BatchLimits,
  type BatchPlan,
  type PartitionBacklog,
  type PartitionTake,
  planBatch,
  type QueuedRecord,
} from './batch-assembly.js';
export { type BatchResponseVerdict, readBatchItemFailures } from './batch-item-failures.js';
export {
  BatchResponseError,
  EventSourceMappingError,
  InvokeTimeoutError,
  MappingConfigError,
  MappingStartError,
} from './errors.js';
export { EventSourceMapping } from './event-source-mapping.js';
export {
  type BatchFailure,
  buildBatchFailure,
  type FailedRecordsInfo,
  FailureCondition,
  type FailureCoordinates,
  failureCoordinates,
} from './failure-record.js';
export { type LambdaContextLike, LOCAL_EVENT_SOURCE_ARN, localFunctionArn } from './lambda-context.js';
export {
  backoffDelay,
  decideRetry,
  FailureKind,
  RETRIES_WITH_DESTINATION,
  type RetryControls,
  type RetryDecision,
  retryControlsOf,
} from './retry-policy.js';
export { failureObjectKey, s3FailureDestination } from './s3-destination.js';
export type {
  BatchEvent,
  EsmStats,
  EventSourceMappingEvents,
  EventSourceMappingOptions,
  ProcessedEvent,
} from './types.js';
