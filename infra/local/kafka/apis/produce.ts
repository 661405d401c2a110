import type { Message } from '../protocol/codec.js';
import { ErrorCode, KafkaError } from '../protocol/errors.js';
import { ProduceRequest, ProduceResponse } from '../protocol/messages/produce.js';
import type { ApiHandler, BrokerContext } from './types.js';

// Produce Request (Version: 9) => transactional_id acks timeout_ms [topic_data] [TAG_BUFFER]
//   topic_data => name [partition_data] [TAG_BUFFER]
//     partition_data => index records [TAG_BUFFER]
// Produce Response (Version: 9) => [responses] throttle_time_ms [TAG_BUFFER]
//   responses => name [partition_responses] [TAG_BUFFER]
//     partition_responses => index error_code base_offset log_append_time_ms log_start_offset [record_errors] error_message
//
// Implements: record batches v2 appended as produced (CRC-32C checked, base
// offset assigned, compression untouched); idempotent producers (sequence and
// epoch checks, a duplicate batch answered with its original offset); acks 0
// (no response at all), 1 and -1 (the same on a single node).
// Skips: transactions (transactional batches are refused with INVALID_RECORD),
// message format v0/v1 (UNSUPPORTED_FOR_MESSAGE_FORMAT), quotas, auto-creating
// topics on produce (Kafka creates them on Metadata, so do we).
export const produce: ApiHandler = {
  apiKey: 0,
  name: 'Produce',
  request: ProduceRequest,
  response: ProduceResponse,
  minVersion: 0,
  maxVersion: 9,
  async handle(ctx: BrokerContext, req: Message): Promise<Message | null> {
    const acks = req.acks as number;
    const topicData = req.topicData as { name: string; partitionData: { index: number; records: Buffer | null }[] }[];
    const validAcks = acks === 0 || acks === 1 || acks === -1;
    const now = Date.now();
    const responses = [];
    for (const topic of topicData) {
      const t = ctx.logs.getTopic(topic.name);
      const partitionResponses = [];
      for (const p of topic.partitionData) {
        const base = { index: p.index, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [] };
        const log = t?.partitions[p.index];
        if (!validAcks) {
          partitionResponses.push({ ...base, errorCode: ErrorCode.INVALID_REQUIRED_ACKS, errorMessage: null });
        } else if (!log) {
          partitionResponses.push({ ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null });
        } else if (!p.records || p.records.length === 0) {
          partitionResponses.push({ ...base, errorCode: ErrorCode.CORRUPT_MESSAGE, errorMessage: 'no records' });
        } else {
          try {
            const r = await log.append(p.records, now);
            partitionResponses.push({
              ...base,
              errorCode: ErrorCode.NONE,
              errorMessage: null,
              baseOffset: r.baseOffset,
              logAppendTimeMs: r.logAppendTimeMs,
              logStartOffset: r.logStartOffset,
            });
          } catch (err) {
            if (!(err instanceof KafkaError)) throw err;
            partitionResponses.push({ ...base, errorCode: err.code, errorMessage: err.message });
          }
        }
      }
      responses.push({ name: topic.name, partitionResponses });
    }
    if (acks === 0) return null;
    return { responses, throttleTimeMs: 0 };
  },
};
