import type { Message } from '../protocol/codec.js';
import { HeartbeatRequest, HeartbeatResponse } from '../protocol/messages/heartbeat.js';
import type { ApiHandler, BrokerContext } from './types.js';

// Heartbeat Request (Version: 4) => group_id generation_id member_id group_instance_id [TAG_BUFFER]
// Heartbeat Response (Version: 4) => throttle_time_ms error_code [TAG_BUFFER]
//
// Implements: keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin.
// Skips: nothing.
export const heartbeat: ApiHandler = {
  apiKey: 12,
  name: 'Heartbeat',
  request: HeartbeatRequest,
  response: HeartbeatResponse,
  minVersion: 0,
  maxVersion: 4,
  async handle(ctx: BrokerContext, req: Message): Promise<Message> {
    const result = await ctx.groups.heartbeat({
      groupId: req.groupId as string,
      generationId: req.generationId as number,
      memberId: req.memberId as string,
      groupInstanceId: req.groupInstanceId as string | null,
    });
    return { throttleTimeMs: 0, errorCode: result.errorCode };
  },
};
