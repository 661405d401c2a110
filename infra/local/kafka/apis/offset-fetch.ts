import type { Message } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/errors.js';
import { OffsetFetchRequest, OffsetFetchResponse } from '../protocol/messages/offset-fetch.js';
import type { ApiHandler, BrokerContext } from './types.js';

// OffsetFetch Request (Version: 8) => [groups] require_stable [TAG_BUFFER]
//   groups => group_id [topics] [TAG_BUFFER]
//     topics => name [partition_indexes] [TAG_BUFFER]
//   (v0-7: group_id [topics] [require_stable])
// OffsetFetch Response (Version: 8) => throttle_time_ms [groups] [TAG_BUFFER]
//   groups => group_id [topics] error_code [TAG_BUFFER]
//     topics => name [partitions] [TAG_BUFFER]
//       partitions => partition_index committed_offset committed_leader_epoch metadata error_code [TAG_BUFFER]
//   (v0-7: [topics] [error_code])
//
// Implements: committed offsets of one group (v0-7) or several (v8), all
// topics when the list is null (v2+); -1 for partitions without a commit.
// Skips: require_stable (no transactions, every commit is stable).
export const offsetFetch: ApiHandler = {
  apiKey: 9,
  name: 'OffsetFetch',
  request: OffsetFetchRequest,
  response: OffsetFetchResponse,
  minVersion: 0,
  maxVersion: 8,
  async handle(ctx: BrokerContext, req: Message, info): Promise<Message> {
    type Wanted = { name: string; partitionIndexes: number[] }[] | null;
    if (info.version >= 8) {
      const groups = req.groups as { groupId: string; topics: Wanted }[];
      const out = [];
      for (const g of groups) {
        const r = await ctx.groups.fetchOffsets({ groupId: g.groupId, topics: g.topics });
        out.push({ groupId: g.groupId, topics: r.topics, errorCode: r.errorCode });
      }
      return { throttleTimeMs: 0, groups: out };
    }
    const r = await ctx.groups.fetchOffsets({ groupId: req.groupId as string, topics: req.topics as Wanted });
    // v0-1 have no top-level error code: report it on every partition instead.
    const topics =
      info.version < 2 && r.errorCode !== ErrorCode.NONE
        ? r.topics.map((t) => ({ ...t, partitions: t.partitions.map((p) => ({ ...p, errorCode: r.errorCode })) }))
        : r.topics;
    return { throttleTimeMs: 0, topics, errorCode: r.errorCode };
  },
};
