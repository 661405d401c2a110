import type { PartitionLog } from '../log/index.js';
import type { Message } from '../protocol/codec.js';
import { ErrorCode, KafkaError } from '../protocol/errors.js';
import { FetchRequest, FetchResponse } from '../protocol/messages/fetch.js';
import type { ApiHandler, BrokerContext } from './types.js';

// Fetch Request (Version: 13) => replica_id max_wait_ms min_bytes max_bytes isolation_level session_id session_epoch [topics] [forgotten_topics_data] rack_id [TAG_BUFFER]
//   topics => topic_id [partitions] [TAG_BUFFER]   (v0-12: topic name instead of topic_id)
//     partitions => partition current_leader_epoch fetch_offset last_fetched_epoch log_start_offset partition_max_bytes [TAG_BUFFER]
// Fetch Response (Version: 13) => throttle_time_ms error_code session_id [responses] [TAG_BUFFER]
//   responses => topic_id [partitions] [TAG_BUFFER]   (v0-12: topic name)
//     partitions => partition_index error_code high_watermark last_stable_offset log_start_offset [aborted_transactions] preferred_read_replica records [TAG_BUFFER]
//
// Implements: long poll (answer once min_bytes are ready or max_wait_ms has
// passed, woken by appends), at least one whole batch even when it exceeds
// max_bytes / partition_max_bytes, max_bytes across partitions,
// OFFSET_OUT_OF_RANGE before the log start or past the end.
// Skips: incremental fetch sessions (KIP-227: session id 0 tells clients to keep
// sending full fetches), follower fetching, transactions (no aborted
// transactions, last stable offset = high watermark). v13 (topic ids) is the
// highest version: @platformatic/kafka needs it, its v12 sends ids as names.
export const fetch: ApiHandler = {
  apiKey: 1,
  name: 'Fetch',
  request: FetchRequest,
  response: FetchResponse,
  minVersion: 0,
  maxVersion: 13,
  async handle(ctx: BrokerContext, req: Message): Promise<Message> {
    const topics = req.topics as FetchTopic[];
    const minBytes = Math.max(0, req.minBytes as number);
    const maxWaitMs = Math.min(Math.max(0, req.maxWaitMs as number), ctx.maxFetchWaitMs);
    const maxBytes = (req.maxBytes as number) > 0 ? (req.maxBytes as number) : 0x7fffffff;
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const { responses, bytes, errors, logs } = await readAll(ctx, topics, maxBytes);
      const remaining = deadline - Date.now();
      if (bytes >= minBytes || errors || remaining <= 0 || ctx.shutdown.aborted) {
        return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses };
      }
      await waitForAppend(logs, remaining, ctx.shutdown);
    }
  },
};

interface FetchTopic {
  topic: string;
  topicId: Buffer;
  partitions: { partition: number; fetchOffset: bigint; partitionMaxBytes: number }[];
}

async function readAll(ctx: BrokerContext, topics: FetchTopic[], maxBytes: number) {
  let bytes = 0;
  let errors = false;
  const logs: PartitionLog[] = [];
  const responses = [];
  for (const topic of topics) {
    const byId = topic.topic === '';
    const t = byId ? ctx.logs.getTopicById(topic.topicId) : ctx.logs.getTopic(topic.topic);
    const partitions = [];
    for (const p of topic.partitions) {
      const log = t?.partitions[p.partition];
      const entry = {
        partitionIndex: p.partition,
        errorCode: ErrorCode.NONE as number,
        highWatermark: -1n,
        lastStableOffset: -1n,
        logStartOffset: -1n,
        abortedTransactions: null,
        preferredReadReplica: -1,
        records: [] as Buffer[],
      };
      if (!log) {
        entry.errorCode = byId && !t ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        errors = true;
      } else {
        logs.push(log);
        entry.highWatermark = log.logEndOffset;
        entry.lastStableOffset = log.logEndOffset;
        entry.logStartOffset = log.logStartOffset;
        // The first partition with data may exceed max_bytes (one whole batch); the rest stay within it.
        const budget = Math.min(p.partitionMaxBytes, bytes === 0 ? Math.max(1, maxBytes) : maxBytes - bytes);
        if (budget > 0) {
          try {
            const read = await log.read(p.fetchOffset, budget);
            entry.records = read.chunks;
            bytes += read.bytes;
          } catch (err) {
            if (!(err instanceof KafkaError)) throw err;
            entry.errorCode = err.code;
            errors = true;
          }
        }
      }
      partitions.push(entry);
    }
    responses.push({ topic: topic.topic, topicId: topic.topicId, partitions });
  }
  return { responses, bytes, errors, logs };
}

function waitForAppend(logs: PartitionLog[], ms: number, shutdown: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const log of logs) log.off('append', finish);
      shutdown.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    for (const log of logs) log.on('append', finish);
    shutdown.addEventListener('abort', finish);
  });
}
