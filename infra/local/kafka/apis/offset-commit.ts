import type { Message } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/errors.js';
import { OffsetCommitRequest, OffsetCommitResponse } from '../protocol/messages/offset-commit.js';
import type { ApiHandler, BrokerContext } from './types.js';

// OffsetCommit Request (Version: 8) => group_id generation_id_or_member_epoch member_id group_instance_id [topics] [TAG_BUFFER]
//   topics => name [partitions] [TAG_BUFFER]
//     partitions => partition_index committed_offset committed_leader_epoch committed_metadata [TAG_BUFFER]
// OffsetCommit Response (Version: 8) => throttle_time_ms [topics] [TAG_BUFFER]
//   topics => name [partitions] [TAG_BUFFER]
//     partitions => partition_index error_code [TAG_BUFFER]
//
// Implements: durable commits from group members (generation checked) and
// from simple consumers or admin tools (generation -1, group empty).
// Skips: retention_time_ms (v2-4; offsets are kept until the topic is deleted).
export const offsetCommit: ApiHandler = {
  apiKey: 8,
  name: 'OffsetCommit',
  request: OffsetCommitRequest,
  response: OffsetCommitResponse,
  minVersion: 0,
  maxVersion: 8,
  async handle(ctx: BrokerContext, req: Message, info): Promise<Message> {
    type Partition = {
      partitionIndex: number;
      committedOffset: bigint;
      committedLeaderEpoch: number;
      committedMetadata: string | null;
    };
    const topics = req.topics as { name: string; partitions: Partition[] }[];
    const known: { name: string; partitions: Partition[] }[] = [];
    const unknown: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[] = [];
    for (const topic of topics) {
      const t = ctx.logs.getTopic(topic.name);
      const ok = topic.partitions.filter((p) => t && p.partitionIndex >= 0 && p.partitionIndex < t.partitions.length);
      const bad = topic.partitions.filter((p) => !ok.includes(p));
      if (ok.length > 0) known.push({ name: topic.name, partitions: ok });
      if (bad.length > 0) {
        unknown.push({
          name: topic.name,
          partitions: bad.map((p) => ({
            partitionIndex: p.partitionIndex,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          })),
        });
      }
    }
    // v0 commits belong to simple consumers: no generation.
    const generationId = info.version === 0 ? -1 : (req.generationIdOrMemberEpoch as number);
    const result =
      known.length > 0
        ? await ctx.groups.commitOffsets({
            groupId: req.groupId as string,
            generationId,
            memberId: req.memberId as string,
            groupInstanceId: req.groupInstanceId as string | null,
            topics: known,
          })
        : { topics: [] };
    return { throttleTimeMs: 0, topics: [...result.topics, ...unknown] };
  },
};
