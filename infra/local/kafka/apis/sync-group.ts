import type { Message } from '../protocol/codec.js';
import { SyncGroupRequest, SyncGroupResponse } from '../protocol/messages/sync-group.js';
import type { ApiHandler, BrokerContext } from './types.js';

// SyncGroup Request (Version: 5) => group_id generation_id member_id group_instance_id protocol_type protocol_name [assignments] [TAG_BUFFER]
//   assignments => member_id assignment [TAG_BUFFER]
// SyncGroup Response (Version: 5) => throttle_time_ms error_code protocol_type protocol_name assignment [TAG_BUFFER]
//
// Implements: the leader hands in every member's assignment; followers wait
// for it; each member receives its own.
// Skips: nothing the classic protocol needs.
export const syncGroup: ApiHandler = {
  apiKey: 14,
  name: 'SyncGroup',
  request: SyncGroupRequest,
  response: SyncGroupResponse,
  minVersion: 0,
  maxVersion: 5,
  async handle(ctx: BrokerContext, req: Message): Promise<Message> {
    const result = await ctx.groups.sync({
      groupId: req.groupId as string,
      generationId: req.generationId as number,
      memberId: req.memberId as string,
      groupInstanceId: req.groupInstanceId as string | null,
      protocolType: req.protocolType as string | null,
      protocolName: req.protocolName as string | null,
      assignments: req.assignments as { memberId: string; assignment: Buffer }[],
    });
    return { throttleTimeMs: 0, ...result };
  },
};
