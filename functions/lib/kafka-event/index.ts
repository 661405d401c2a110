export { decodeKafkaEvent, decodeKafkaEventLenient } from './decode.js';
export { encodeKafkaEvent } from './encode.js';
export { InvalidKafkaEventError, KafkaEventEncodeError, KafkaEventError, KafkaRecordContentError } from './errors.js';
export { assertKafkaEvent, isKafkaEvent } from './guard.js';
export { parsePartitionKey, partitionKey } from './partition-key.js';
export { eventPayloadBytes, MAX_INVOKE_PAYLOAD_BYTES } from './payload-bytes.js';
export { headerString, valueAsJson, valueAsString } from './record-content.js';
export {
  type DecodedEvent,
  type DecodedRecord,
  type KafkaEvent,
  type KafkaEventInput,
  KafkaEventSource,
  type KafkaHeader,
  type KafkaHeaderInput,
  type KafkaRecordInput,
  type LenientDecodedEvent,
  type MskEvent,
  type RawKafkaHeader,
  type RawKafkaRecord,
  type RawKafkaRecords,
  type RecordPosition,
  type RejectedRecord,
  type SelfManagedKafkaEvent,
  TimestampType,
  type TopicPartition,
} from './types.js';
