import type { MessageSpec } from '../schema.js';

// FindCoordinator Request (Version: 4) => key_type [coordinator_keys] [TAG_BUFFER]
//   key_type => INT8
//   coordinator_keys => COMPACT_STRING
// v0 => key; v1-3 => key key_type (key => STRING, COMPACT_STRING in v3). key_type: 0 group, 1 transaction.
export const FindCoordinatorRequest: MessageSpec = {
  apiKey: 10,
  type: 'request',
  name: 'FindCoordinatorRequest',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'Key', type: 'string', versions: '0-3' },
    { name: 'KeyType', type: 'int8', versions: '1+', default: 0 },
    { name: 'CoordinatorKeys', type: '[]string', versions: '4+' },
  ],
};

// FindCoordinator Response (Version: 4) => throttle_time_ms [coordinators] [TAG_BUFFER]
//   throttle_time_ms => INT32
//   coordinators => key node_id host port error_code error_message [TAG_BUFFER]
//     key => COMPACT_STRING
//     node_id => INT32
//     host => COMPACT_STRING
//     port => INT32
//     error_code => INT16
//     error_message => COMPACT_NULLABLE_STRING
// v0-3 => throttle_time_ms(1+) error_code error_message(1+) node_id host port, one coordinator.
export const FindCoordinatorResponse: MessageSpec = {
  apiKey: 10,
  type: 'response',
  name: 'FindCoordinatorResponse',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+' },
    { name: 'ErrorCode', type: 'int16', versions: '0-3' },
    { name: 'ErrorMessage', type: 'string', versions: '1-3', nullableVersions: '1-3' },
    { name: 'NodeId', type: 'int32', versions: '0-3' },
    { name: 'Host', type: 'string', versions: '0-3' },
    { name: 'Port', type: 'int32', versions: '0-3' },
    {
      name: 'Coordinators',
      type: '[]Coordinator',
      versions: '4+',
      fields: [
        { name: 'Key', type: 'string', versions: '4+' },
        { name: 'NodeId', type: 'int32', versions: '4+' },
        { name: 'Host', type: 'string', versions: '4+' },
        { name: 'Port', type: 'int32', versions: '4+' },
        { name: 'ErrorCode', type: 'int16', versions: '4+' },
        { name: 'ErrorMessage', type: 'string', versions: '4+', nullableVersions: '4+' },
      ],
    },
  ],
};
