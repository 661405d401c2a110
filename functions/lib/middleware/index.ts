export {
  batchItemFailures,
  batchResponseProblem,
  type FailedRecord,
  type KafkaBatchItemFailure,
  type KafkaBatchResponse,
  type KafkaHandlerResult,
  resumeOffsets,
} from './batch-item-failures.js';
export {
  type BatchCounts,
  type BatchMetricsOptions,
  batchCounts,
  batchMetrics,
  KafkaMetric,
  REASON_DIMENSION,
} from './batch-metrics.js';
export {
  InvalidBatchResponseError,
  InvalidKafkaBatchError,
  InvocationTimeoutError,
  KafkaHandlerError,
  RecordRejectedError,
} from './errors.js';
export {
  INVOCATION_SIGNAL_MAX_LISTENERS,
  INVOCATION_TIMEOUT_EARLY_MS,
  type InvocationStep,
  invocationHandler,
} from './invocation-handler.js';
export { KAFKA_BATCH_KEY, type KafkaBatchOptions, kafkaBatch, kafkaBatchState } from './kafka-batch.js';
export {
  type KafkaDomainHandler,
  type KafkaDomainResult,
  type KafkaHandlerOptions,
  type KafkaLambdaHandler,
  kafkaHandler,
} from './kafka-handler.js';
export { handlerLogger, handlerMetrics, METRICS_NAMESPACE, serviceName } from './observability.js';
export {
  type AcceptedRecord,
  forEachRecord,
  mapRecords,
  type RecordFunction,
  type RecordResults,
  rejectionOf,
} from './records.js';
export type { KafkaBatch, KafkaBatchState, ReceivedPosition } from './types.js';
