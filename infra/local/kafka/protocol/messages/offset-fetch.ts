import type { MessageSpec } from '../schema.js';

// OffsetFetch Request (Version: 8) => [groups] require_stable [TAG_BUFFER]
//   groups => group_id [topics] [TAG_BUFFER]
//     group_id => COMPACT_STRING
//     topics => name [partition_indexes] [TAG_BUFFER]
//       name => COMPACT_STRING
//       partition_indexes => INT32
//   require_stable => BOOLEAN
// v0-7 => group_id [topics] require_stable(7+), one group per request.
// topics null (v2-7 top level, v8 per group) means "every committed offset of the group".
export const OffsetFetchRequest: MessageSpec = {
  apiKey: 9,
  type: 'request',
  name: 'OffsetFetchRequest',
  validVersions: '0-8',
  flexibleVersions: '6+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0-7' },
    {
      name: 'Topics',
      type: '[]OffsetFetchRequestTopic',
      versions: '0-7',
      nullableVersions: '2-7',
      fields: [
        { name: 'Name', type: 'string', versions: '0-7' },
        { name: 'PartitionIndexes', type: '[]int32', versions: '0-7' },
      ],
    },
    {
      name: 'Groups',
      type: '[]OffsetFetchRequestGroup',
      versions: '8+',
      fields: [
        { name: 'GroupId', type: 'string', versions: '8+' },
        {
          name: 'Topics',
          type: '[]OffsetFetchRequestTopics',
          versions: '8+',
          nullableVersions: '8+',
          fields: [
            { name: 'Name', type: 'string', versions: '8+' },
            { name: 'PartitionIndexes', type: '[]int32', versions: '8+' },
          ],
        },
      ],
    },
    { name: 'RequireStable', type: 'bool', versions: '7+', default: false },
  ],
};

// OffsetFetch Response (Version: 8) => throttle_time_ms [groups] [TAG_BUFFER]
//   throttle_time_ms => INT32
//   groups => group_id [topics] error_code [TAG_BUFFER]
//     group_id => COMPACT_STRING
//     topics => name [partitions] [TAG_BUFFER]
//       name => COMPACT_STRING
//       partitions => partition_index committed_offset committed_leader_epoch metadata error_code [TAG_BUFFER]
//         partition_index => INT32
//         committed_offset => INT64
//         committed_leader_epoch => INT32
//         metadata => COMPACT_NULLABLE_STRING
//         error_code => INT16
//     error_code => INT16
// v0-7 => throttle_time_ms(3+) [topics] error_code(2+). No committed offset is
// committed_offset -1, committed_leader_epoch -1, metadata "" and error_code 0 (what Kafka sends).
export const OffsetFetchResponse: MessageSpec = {
  apiKey: 9,
  type: 'response',
  name: 'OffsetFetchResponse',
  validVersions: '0-8',
  flexibleVersions: '6+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '3+' },
    {
      name: 'Topics',
      type: '[]OffsetFetchResponseTopic',
      versions: '0-7',
      fields: [
        { name: 'Name', type: 'string', versions: '0-7' },
        {
          name: 'Partitions',
          type: '[]OffsetFetchResponsePartition',
          versions: '0-7',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0-7' },
            { name: 'CommittedOffset', type: 'int64', versions: '0-7' },
            { name: 'CommittedLeaderEpoch', type: 'int32', versions: '5-7', default: -1 },
            { name: 'Metadata', type: 'string', versions: '0-7', nullableVersions: '0-7' },
            { name: 'ErrorCode', type: 'int16', versions: '0-7' },
          ],
        },
      ],
    },
    { name: 'ErrorCode', type: 'int16', versions: '2-7', default: 0 },
    {
      name: 'Groups',
      type: '[]OffsetFetchResponseGroup',
      versions: '8+',
      fields: [
        { name: 'GroupId', type: 'string', versions: '8+' },
        {
          name: 'Topics',
          type: '[]OffsetFetchResponseTopics',
          versions: '8+',
          fields: [
            { name: 'Name', type: 'string', versions: '8+' },
            {
              name: 'Partitions',
              type: '[]OffsetFetchResponsePartitions',
              versions: '8+',
              fields: [
                { name: 'PartitionIndex', type: 'int32', versions: '8+' },
                { name: 'CommittedOffset', type: 'int64', versions: '8+' },
                { name: 'CommittedLeaderEpoch', type: 'int32', versions: '8+', default: -1 },
                { name: 'Metadata', type: 'string', versions: '8+', nullableVersions: '8+' },
                { name: 'ErrorCode', type: 'int16', versions: '8+' },
              ],
            },
          ],
        },
        { name: 'ErrorCode', type: 'int16', versions: '8+', default: 0 },
      ],
    },
  ],
};
