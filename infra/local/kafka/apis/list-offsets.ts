import type { Message } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/errors.js';
import { ListOffsetsRequest, ListOffsetsResponse } from '../protocol/messages/list-offsets.js';
import type { ApiHandler, BrokerContext } from './types.js';

// ListOffsets Request (Version: 7) => replica_id isolation_level [topics] [TAG_BUFFER]
//   topics => name [partitions] [TAG_BUFFER]
//     partitions => partition_index current_leader_epoch timestamp [TAG_BUFFER]
// ListOffsets Response (Version: 7) => throttle_time_ms [topics] [TAG_BUFFER]
//   topics => name [partitions] [TAG_BUFFER]
//     partitions => partition_index error_code timestamp offset leader_epoch [TAG_BUFFER]
//
// Implements: latest (-1), earliest (-2), max timestamp (-3, v7) and by
// timestamp (the first offset whose record timestamp is at or after it; -1 when
// none). v0 answers in old_style_offsets.
// Skips: leader epochs (always 0), read_committed (no transactions: LSO = HW).
const LATEST = -1n;
const EARLIEST = -2n;
const MAX_TIMESTAMP = -3n;

export const listOffsets: ApiHandler = {
  apiKey: 2,
  name: 'ListOffsets',
  request: ListOffsetsRequest,
  response: ListOffsetsResponse,
  minVersion: 0,
  maxVersion: 7,
  async handle(ctx: BrokerContext, req: Message, info): Promise<Message> {
    const topics = req.topics as { name: string; partitions: { partitionIndex: number; timestamp: bigint }[] }[];
    const out = [];
    for (const topic of topics) {
      const t = ctx.logs.getTopic(topic.name);
      const partitions = [];
      for (const p of topic.partitions) {
        const log = t?.partitions[p.partitionIndex];
        if (!log) {
          partitions.push({
            partitionIndex: p.partitionIndex,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            oldStyleOffsets: [],
            timestamp: -1n,
            offset: -1n,
            leaderEpoch: -1,
          });
          continue;
        }
        let offset = -1n;
        let timestamp = -1n;
        if (p.timestamp === LATEST) offset = log.logEndOffset;
        else if (p.timestamp === EARLIEST) offset = log.logStartOffset;
        else if (p.timestamp === MAX_TIMESTAMP && info.version >= 7) {
          const hit = await log.maxTimestampOffset();
          if (hit) ({ offset, timestamp } = hit);
        } else {
          const hit = await log.offsetForTimestamp(p.timestamp);
          if (hit) ({ offset, timestamp } = hit);
          else if (info.version === 0) offset = log.logEndOffset;
        }
        partitions.push({
          partitionIndex: p.partitionIndex,
          errorCode: ErrorCode.NONE,
          oldStyleOffsets: offset >= 0n ? [offset] : [],
          timestamp,
          offset,
          leaderEpoch: 0,
        });
      }
      out.push({ name: topic.name, partitions });
    }
    return { throttleTimeMs: 0, topics: out };
  },
};
