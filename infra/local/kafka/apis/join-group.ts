import type { Message } from '../protocol/codec.js';
import { JoinGroupRequest, JoinGroupResponse } from '../protocol/messages/join-group.js';
import type { ApiHandler, BrokerContext } from './types.js';

// JoinGroup Request (Version: 9) => group_id session_timeout_ms rebalance_timeout_ms member_id group_instance_id protocol_type [protocols] reason [TAG_BUFFER]
//   protocols => name metadata [TAG_BUFFER]
// JoinGroup Response (Version: 9) => throttle_time_ms error_code generation_id protocol_type protocol_name leader skip_assignment member_id [members] [TAG_BUFFER]
//   members => member_id group_instance_id metadata [TAG_BUFFER]
//
// Implements: the classic rebalance protocol through the group coordinator,
// including the MEMBER_ID_REQUIRED round trip of KIP-394 (v4+).
// Skips: static membership semantics (group_instance_id is recorded, not used
// to skip rebalances), the KIP-848 consumer protocol.
export const joinGroup: ApiHandler = {
  apiKey: 11,
  name: 'JoinGroup',
  request: JoinGroupRequest,
  response: JoinGroupResponse,
  minVersion: 0,
  maxVersion: 9,
  async handle(ctx: BrokerContext, req: Message, info): Promise<Message> {
    const sessionTimeoutMs = req.sessionTimeoutMs as number;
    const rebalanceTimeoutMs = req.rebalanceTimeoutMs as number;
    const result = await ctx.groups.join({
      groupId: req.groupId as string,
      memberId: req.memberId as string,
      groupInstanceId: req.groupInstanceId as string | null,
      sessionTimeoutMs,
      // v0 has no rebalance timeout: Kafka uses the session timeout.
      rebalanceTimeoutMs: rebalanceTimeoutMs > 0 ? rebalanceTimeoutMs : sessionTimeoutMs,
      protocolType: req.protocolType as string,
      protocols: req.protocols as { name: string; metadata: Buffer }[],
      requireKnownMemberId: info.version >= 4,
      clientId: info.clientId ?? '',
      clientHost: info.clientHost,
      reason: (req.reason as string | null) ?? null,
    });
    return { throttleTimeMs: 0, ...result };
  },
};
