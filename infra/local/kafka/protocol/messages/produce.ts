import type { MessageSpec } from '../schema.js';

// Produce Request (Version: 9) => transactional_id acks timeout_ms [topic_data] [TAG_BUFFER]
//   transactional_id => COMPACT_NULLABLE_STRING
//   acks => INT16
//   timeout_ms => INT32
//   topic_data => name [partition_data] [TAG_BUFFER]
//     name => COMPACT_STRING
//     partition_data => index records [TAG_BUFFER]
//       index => INT32
//       records => COMPACT_RECORDS
// v0-2 have no transactional_id and carry message sets (magic 0/1) instead of record batches.
// acks = 0 means the broker sends no response at all.
export const ProduceRequest: MessageSpec = {
  apiKey: 0,
  type: 'request',
  name: 'ProduceRequest',
  validVersions: '0-9',
  flexibleVersions: '9+',
  fields: [
    { name: 'TransactionalId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    { name: 'Acks', type: 'int16', versions: '0+' },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
    {
      name: 'TopicData',
      type: '[]TopicProduceData',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'PartitionData',
          type: '[]PartitionProduceData',
          versions: '0+',
          fields: [
            { name: 'Index', type: 'int32', versions: '0+' },
            { name: 'Records', type: 'records', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
};

// Produce Response (Version: 9) => [responses] throttle_time_ms [TAG_BUFFER]
//   responses => name [partition_responses] [TAG_BUFFER]
//     name => COMPACT_STRING
//     partition_responses => index error_code base_offset log_append_time_ms log_start_offset [record_errors] error_message [TAG_BUFFER]
//       index => INT32
//       error_code => INT16
//       base_offset => INT64
//       log_append_time_ms => INT64
//       log_start_offset => INT64
//       record_errors => batch_index batch_index_error_message [TAG_BUFFER]
//         batch_index => INT32
//         batch_index_error_message => COMPACT_NULLABLE_STRING
//       error_message => COMPACT_NULLABLE_STRING
//   throttle_time_ms => INT32
export const ProduceResponse: MessageSpec = {
  apiKey: 0,
  type: 'response',
  name: 'ProduceResponse',
  validVersions: '0-9',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'Responses',
      type: '[]TopicProduceResponse',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'PartitionResponses',
          type: '[]PartitionProduceResponse',
          versions: '0+',
          fields: [
            { name: 'Index', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'BaseOffset', type: 'int64', versions: '0+' },
            { name: 'LogAppendTimeMs', type: 'int64', versions: '2+', default: -1n },
            { name: 'LogStartOffset', type: 'int64', versions: '5+', default: -1n },
            {
              name: 'RecordErrors',
              type: '[]BatchIndexAndErrorMessage',
              versions: '8+',
              fields: [
                { name: 'BatchIndex', type: 'int32', versions: '8+' },
                {
                  name: 'BatchIndexErrorMessage',
                  type: 'string',
                  versions: '8+',
                  nullableVersions: '8+',
                  default: null,
                },
              ],
            },
            { name: 'ErrorMessage', type: 'string', versions: '8+', nullableVersions: '8+', default: null },
          ],
        },
      ],
    },
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+' },
  ],
};
