import type { MessageSpec } from '../schema.js';

// InitProducerId Request (Version: 4) => transactional_id transaction_timeout_ms producer_id producer_epoch [TAG_BUFFER]
//   transactional_id => COMPACT_NULLABLE_STRING
//   transaction_timeout_ms => INT32
//   producer_id => INT64
//   producer_epoch => INT16
// transactional_id null = idempotent producer only: it always gets a new id, whatever
// producer_id/epoch it sends. v3+ lets a transactional producer pass the id and epoch it
// holds to have that epoch bumped (KIP-360); -1/-1 asks for a new id.
export const InitProducerIdRequest: MessageSpec = {
  apiKey: 22,
  type: 'request',
  name: 'InitProducerIdRequest',
  validVersions: '0-4',
  flexibleVersions: '2+',
  fields: [
    { name: 'TransactionalId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'TransactionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'ProducerId', type: 'int64', versions: '3+', default: -1n },
    { name: 'ProducerEpoch', type: 'int16', versions: '3+', default: -1 },
  ],
};

// InitProducerId Response (Version: 4) => throttle_time_ms error_code producer_id producer_epoch [TAG_BUFFER]
//   throttle_time_ms => INT32
//   error_code => INT16
//   producer_id => INT64
//   producer_epoch => INT16
export const InitProducerIdResponse: MessageSpec = {
  apiKey: 22,
  type: 'response',
  name: 'InitProducerIdResponse',
  validVersions: '0-4',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ProducerId', type: 'int64', versions: '0+', default: -1n },
    { name: 'ProducerEpoch', type: 'int16', versions: '0+' },
  ],
};
