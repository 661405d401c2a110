import type { Message } from '../protocol/codec.js';
import { LeaveGroupRequest, LeaveGroupResponse } from '../protocol/messages/leave-group.js';
import type { ApiHandler, BrokerContext } from './types.js';

// LeaveGroup Request (Version: 5) => group_id [members] [TAG_BUFFER]
//   members => member_id group_instance_id reason [TAG_BUFFER]
//   (v0-2: group_id member_id)
// LeaveGroup Response (Version: 5) => throttle_time_ms error_code [members] [TAG_BUFFER]
//   members => member_id group_instance_id error_code [TAG_BUFFER]
//
// Implements: one member (v0-2) or a batch of members (v3+) leave, which
// starts a rebalance for the rest.
// Skips: nothing.
export const leaveGroup: ApiHandler = {
  apiKey: 13,
  name: 'LeaveGroup',
  request: LeaveGroupRequest,
  response: LeaveGroupResponse,
  minVersion: 0,
  maxVersion: 5,
  async handle(ctx: BrokerContext, req: Message, info): Promise<Message> {
    const members =
      info.version >= 3
        ? (req.members as { memberId: string; groupInstanceId: string | null; reason: string | null }[])
        : [{ memberId: req.memberId as string, groupInstanceId: null, reason: null }];
    const result = await ctx.groups.leave({ groupId: req.groupId as string, members });
    let errorCode = result.errorCode;
    // v0-2 carry the single member's outcome in the top-level error code.
    if (info.version < 3 && errorCode === 0) errorCode = result.members[0]?.errorCode ?? 0;
    return { throttleTimeMs: 0, errorCode, members: result.members };
  },
};
