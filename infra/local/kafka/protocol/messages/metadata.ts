import type { MessageSpec } from '../schema.js';

// Metadata Request (Version: 12) => [topics] allow_auto_topic_creation include_topic_authorized_operations [TAG_BUFFER]
//   topics => topic_id name [TAG_BUFFER]
//     topic_id => UUID
//     name => COMPACT_NULLABLE_STRING
//   allow_auto_topic_creation => BOOLEAN
//   include_topic_authorized_operations => BOOLEAN
// In v0 an empty topics array means "all topics"; from v1 null means "all topics" and an empty
// array means "no topics" (kafkajs sends an empty list as null). v8-10 carry
// include_cluster_authorized_operations before include_topic_authorized_operations.
export const MetadataRequest: MessageSpec = {
  apiKey: 3,
  type: 'request',
  name: 'MetadataRequest',
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'Topics',
      type: '[]MetadataRequestTopic',
      versions: '0+',
      nullableVersions: '1+',
      fields: [
        { name: 'TopicId', type: 'uuid', versions: '10+' },
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '10+' },
      ],
    },
    { name: 'AllowAutoTopicCreation', type: 'bool', versions: '4+', default: true },
    { name: 'IncludeClusterAuthorizedOperations', type: 'bool', versions: '8-10' },
    { name: 'IncludeTopicAuthorizedOperations', type: 'bool', versions: '8+' },
  ],
};

// Metadata Response (Version: 12) => throttle_time_ms [brokers] cluster_id controller_id [topics] [TAG_BUFFER]
//   throttle_time_ms => INT32
//   brokers => node_id host port rack [TAG_BUFFER]
//     node_id => INT32
//     host => COMPACT_STRING
//     port => INT32
//     rack => COMPACT_NULLABLE_STRING
//   cluster_id => COMPACT_NULLABLE_STRING
//   controller_id => INT32
//   topics => error_code name topic_id is_internal [partitions] topic_authorized_operations [TAG_BUFFER]
//     error_code => INT16
//     name => COMPACT_NULLABLE_STRING
//     topic_id => UUID
//     is_internal => BOOLEAN
//     partitions => error_code partition_index leader_id leader_epoch [replica_nodes] [isr_nodes] [offline_replicas] [TAG_BUFFER]
//       error_code => INT16
//       partition_index => INT32
//       leader_id => INT32
//       leader_epoch => INT32
//       replica_nodes => INT32
//       isr_nodes => INT32
//       offline_replicas => INT32
//     topic_authorized_operations => INT32
// v8-10 end with cluster_authorized_operations => INT32.
export const MetadataResponse: MessageSpec = {
  apiKey: 3,
  type: 'response',
  name: 'MetadataResponse',
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '3+' },
    {
      name: 'Brokers',
      type: '[]MetadataResponseBroker',
      versions: '0+',
      fields: [
        { name: 'NodeId', type: 'int32', versions: '0+' },
        { name: 'Host', type: 'string', versions: '0+' },
        { name: 'Port', type: 'int32', versions: '0+' },
        { name: 'Rack', type: 'string', versions: '1+', nullableVersions: '1+', default: null },
      ],
    },
    { name: 'ClusterId', type: 'string', versions: '2+', nullableVersions: '2+', default: null },
    { name: 'ControllerId', type: 'int32', versions: '1+', default: -1 },
    {
      name: 'Topics',
      type: '[]MetadataResponseTopic',
      versions: '0+',
      fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '12+' },
        { name: 'TopicId', type: 'uuid', versions: '10+' },
        { name: 'IsInternal', type: 'bool', versions: '1+', default: false },
        {
          name: 'Partitions',
          type: '[]MetadataResponsePartition',
          versions: '0+',
          fields: [
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'LeaderId', type: 'int32', versions: '0+' },
            { name: 'LeaderEpoch', type: 'int32', versions: '7+', default: -1 },
            { name: 'ReplicaNodes', type: '[]int32', versions: '0+' },
            { name: 'IsrNodes', type: '[]int32', versions: '0+' },
            { name: 'OfflineReplicas', type: '[]int32', versions: '5+' },
          ],
        },
        { name: 'TopicAuthorizedOperations', type: 'int32', versions: '8+', default: -2147483648 },
      ],
    },
    { name: 'ClusterAuthorizedOperations', type: 'int32', versions: '8-10', default: -2147483648 },
  ],
};
