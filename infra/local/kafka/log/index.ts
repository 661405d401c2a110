export { crc32c } from './crc32c.js';
export {
  LogManager,
  type LogManagerOptions,
  MAX_PARTITIONS,
  MAX_TOPIC_NAME_LENGTH,
  type Topic,
  TopicConfig,
  validateTopicName,
} from './log-manager.js';
export {
  type AppendResult,
  LEADER_EPOCH,
  PartitionLog,
  type PartitionLogOptions,
  PRODUCER_BATCHES_RETAINED,
  type ReadResult,
  segmentFileName,
  type TimestampOffset,
} from './partition-log.js';
export {
  BATCH_HEADER_SIZE,
  BATCH_OFFSETS,
  BatchView,
  Compression,
  CURRENT_MAGIC,
  checkBatchAt,
  incrementSequence,
  LOG_OVERHEAD,
  type RecordTimestamp,
  readInt64Number,
  recordTimestamps,
  setBaseOffset,
  setPartitionLeaderEpoch,
  splitBatches,
  validateProducedBatch,
  writeInt64Number,
} from './record-batch.js';
