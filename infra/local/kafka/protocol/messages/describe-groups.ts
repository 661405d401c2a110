import type { MessageSpec } from '../schema.js';

// DescribeGroups Request (Version: 5) => [groups] include_authorized_operations [TAG_BUFFER]
//   groups => COMPACT_STRING
//   include_authorized_operations => BOOLEAN
export const DescribeGroupsRequest: MessageSpec = {
  apiKey: 15,
  type: 'request',
  name: 'DescribeGroupsRequest',
  validVersions: '0-5',
  flexibleVersions: '5+',
  fields: [
    { name: 'Groups', type: '[]string', versions: '0+' },
    { name: 'IncludeAuthorizedOperations', type: 'bool', versions: '3+' },
  ],
};

// DescribeGroups Response (Version: 5) => throttle_time_ms [groups] [TAG_BUFFER]
//   throttle_time_ms => INT32
//   groups => error_code group_id group_state protocol_type protocol_data [members] authorized_operations [TAG_BUFFER]
//     error_code => INT16
//     group_id => COMPACT_STRING
//     group_state => COMPACT_STRING
//     protocol_type => COMPACT_STRING
//     protocol_data => COMPACT_STRING
//     members => member_id group_instance_id client_id client_host member_metadata member_assignment [TAG_BUFFER]
//       member_id => COMPACT_STRING
//       group_instance_id => COMPACT_NULLABLE_STRING
//       client_id => COMPACT_STRING
//       client_host => COMPACT_STRING
//       member_metadata => COMPACT_BYTES
//       member_assignment => COMPACT_BYTES
//     authorized_operations => INT32
// An unknown group is not an error: it is described with error_code 0 and group_state "Dead".
export const DescribeGroupsResponse: MessageSpec = {
  apiKey: 15,
  type: 'response',
  name: 'DescribeGroupsResponse',
  validVersions: '0-5',
  flexibleVersions: '5+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+' },
    {
      name: 'Groups',
      type: '[]DescribedGroup',
      versions: '0+',
      fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'GroupId', type: 'string', versions: '0+' },
        { name: 'GroupState', type: 'string', versions: '0+' },
        { name: 'ProtocolType', type: 'string', versions: '0+' },
        { name: 'ProtocolData', type: 'string', versions: '0+' },
        {
          name: 'Members',
          type: '[]DescribedGroupMember',
          versions: '0+',
          fields: [
            { name: 'MemberId', type: 'string', versions: '0+' },
            { name: 'GroupInstanceId', type: 'string', versions: '4+', nullableVersions: '4+', default: null },
            { name: 'ClientId', type: 'string', versions: '0+' },
            { name: 'ClientHost', type: 'string', versions: '0+' },
            { name: 'MemberMetadata', type: 'bytes', versions: '0+' },
            { name: 'MemberAssignment', type: 'bytes', versions: '0+' },
          ],
        },
        { name: 'AuthorizedOperations', type: 'int32', versions: '3+', default: -2147483648 },
      ],
    },
  ],
};
