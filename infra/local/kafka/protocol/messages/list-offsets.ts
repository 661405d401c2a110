import type { MessageSpec } from '../schema.js';

// ListOffsets Request (Version: 7) => replica_id isolation_level [topics] [TAG_BUFFER]
//   replica_id => INT32
//   isolation_level => INT8
//   topics => name [partitions] [TAG_BUFFER]
//     name => COMPACT_STRING
//     partitions => partition_index current_leader_epoch timestamp [TAG_BUFFER]
//       partition_index => INT32
//       current_leader_epoch => INT32
//       timestamp => INT64
// timestamp: -1 latest, -2 earliest, -3 max timestamp (v7+). v0 partitions end with max_num_offsets => INT32.
export const ListOffsetsRequest: MessageSpec = {
  apiKey: 2,
  type: 'request',
  name: 'ListOffsetsRequest',
  validVersions: '0-7',
  flexibleVersions: '6+',
  fields: [
    { name: 'ReplicaId', type: 'int32', versions: '0+' },
    { name: 'IsolationLevel', type: 'int8', versions: '2+' },
    {
      name: 'Topics',
      type: '[]ListOffsetsTopic',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]ListOffsetsPartition',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'CurrentLeaderEpoch', type: 'int32', versions: '4+', default: -1 },
            { name: 'Timestamp', type: 'int64', versions: '0+' },
            { name: 'MaxNumOffsets', type: 'int32', versions: '0', default: 1 },
          ],
        },
      ],
    },
  ],
};

// ListOffsets Response (Version: 7) => throttle_time_ms [topics] [TAG_BUFFER]
//   throttle_time_ms => INT32
//   topics => name [partitions] [TAG_BUFFER]
//     name => COMPACT_STRING
//     partitions => partition_index error_code timestamp offset leader_epoch [TAG_BUFFER]
//       partition_index => INT32
//       error_code => INT16
//       timestamp => INT64
//       offset => INT64
//       leader_epoch => INT32
// v0 partitions => partition_index error_code [old_style_offsets] (INT64 array), no timestamp/offset.
export const ListOffsetsResponse: MessageSpec = {
  apiKey: 2,
  type: 'response',
  name: 'ListOffsetsResponse',
  validVersions: '0-7',
  flexibleVersions: '6+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '2+' },
    {
      name: 'Topics',
      type: '[]ListOffsetsTopicResponse',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions',
          type: '[]ListOffsetsPartitionResponse',
          versions: '0+',
          fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'OldStyleOffsets', type: '[]int64', versions: '0' },
            { name: 'Timestamp', type: 'int64', versions: '1+', default: -1n },
            { name: 'Offset', type: 'int64', versions: '1+', default: -1n },
            { name: 'LeaderEpoch', type: 'int32', versions: '4+', default: -1 },
          ],
        },
      ],
    },
  ],
};
