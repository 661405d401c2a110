import type { MessageSpec } from '../schema.js';

// DeleteTopics Request (Version: 6) => [topics] timeout_ms [TAG_BUFFER]
//   topics => name topic_id [TAG_BUFFER]
//     name => COMPACT_NULLABLE_STRING
//     topic_id => UUID
//   timeout_ms => INT32
// v0-5 => [topic_names] timeout_ms (topic_names => STRING, COMPACT_STRING from v4).
// In v6 a topic is named either by name (topic_id all zeros) or by id (name null).
export const DeleteTopicsRequest: MessageSpec = {
  apiKey: 20,
  type: 'request',
  name: 'DeleteTopicsRequest',
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    {
      name: 'Topics',
      type: '[]DeleteTopicState',
      versions: '6+',
      fields: [
        { name: 'Name', type: 'string', versions: '6+', nullableVersions: '6+', default: null },
        { name: 'TopicId', type: 'uuid', versions: '6+' },
      ],
    },
    { name: 'TopicNames', type: '[]string', versions: '0-5' },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
  ],
};

// DeleteTopics Response (Version: 6) => throttle_time_ms [responses] [TAG_BUFFER]
//   throttle_time_ms => INT32
//   responses => name topic_id error_code error_message [TAG_BUFFER]
//     name => COMPACT_NULLABLE_STRING
//     topic_id => UUID
//     error_code => INT16
//     error_message => COMPACT_NULLABLE_STRING
export const DeleteTopicsResponse: MessageSpec = {
  apiKey: 20,
  type: 'response',
  name: 'DeleteTopicsResponse',
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+' },
    {
      name: 'Responses',
      type: '[]DeletableTopicResult',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '6+' },
        { name: 'TopicId', type: 'uuid', versions: '6+' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
      ],
    },
  ],
};
