import type { Message } from '../protocol/codec.js';
import { DescribeGroupsRequest, DescribeGroupsResponse } from '../protocol/messages/describe-groups.js';
import type { ApiHandler, BrokerContext } from './types.js';

// DescribeGroups Request (Version: 5) => [groups] include_authorized_operations [TAG_BUFFER]
// DescribeGroups Response (Version: 5) => throttle_time_ms [groups] [TAG_BUFFER]
//   groups => error_code group_id group_state protocol_type protocol_data [members] authorized_operations [TAG_BUFFER]
//     members => member_id group_instance_id client_id client_host member_metadata member_assignment [TAG_BUFFER]
//
// Implements: state, protocol and members of each group; an unknown group is
// reported as Dead, as Kafka does.
// Skips: authorized operations (INT32_MIN = not computed).
export const describeGroups: ApiHandler = {
  apiKey: 15,
  name: 'DescribeGroups',
  request: DescribeGroupsRequest,
  response: DescribeGroupsResponse,
  minVersion: 0,
  maxVersion: 5,
  async handle(ctx: BrokerContext, req: Message): Promise<Message> {
    const groups = await ctx.groups.describe(req.groups as string[]);
    return {
      throttleTimeMs: 0,
      groups: groups.map((g) => ({ ...g, authorizedOperations: -2147483648 })),
    };
  },
};
