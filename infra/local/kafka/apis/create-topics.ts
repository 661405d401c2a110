import type { Message } from '../protocol/codec.js';
import { ErrorCode, KafkaError } from '../protocol/errors.js';
import { CreateTopicsRequest, CreateTopicsResponse } from '../protocol/messages/create-topics.js';
import type { ApiHandler, BrokerContext } from './types.js';

// CreateTopics Request (Version: 7) => [topics] timeout_ms validate_only [TAG_BUFFER]
//   topics => name num_partitions replication_factor [assignments] [configs] [TAG_BUFFER]
//     assignments => partition_index [broker_ids] [TAG_BUFFER]
//     configs => name value [TAG_BUFFER]
// CreateTopics Response (Version: 7) => throttle_time_ms [topics] [TAG_BUFFER]
//   topics => name topic_id error_code error_message num_partitions replication_factor [configs] [TAG_BUFFER]
//
// Implements: creation with a partition count (-1 = broker default) or manual
// assignments (their count is used), topic configs (retention.ms,
// retention.bytes, segment.bytes are honoured, others stored), validate_only.
// Skips: replication (a factor other than 1 or -1 is refused: one node), the
// full list of effective configs in the response (only the ones given).
export const createTopics: ApiHandler = {
  apiKey: 19,
  name: 'CreateTopics',
  request: CreateTopicsRequest,
  response: CreateTopicsResponse,
  minVersion: 0,
  maxVersion: 7,
  async handle(ctx: BrokerContext, req: Message): Promise<Message> {
    const topics = req.topics as {
      name: string;
      numPartitions: number;
      replicationFactor: number;
      assignments: { partitionIndex: number }[];
      configs: { name: string; value: string | null }[];
    }[];
    const validateOnly = req.validateOnly as boolean;
    const out = [];
    for (const t of topics) {
      const configs: Record<string, string | null> = {};
      for (const c of t.configs) configs[c.name] = c.value;
      const partitions = t.assignments.length > 0 ? t.assignments.length : t.numPartitions;
      const result = {
        name: t.name,
        topicId: Buffer.alloc(16),
        errorCode: ErrorCode.NONE as number,
        errorMessage: null as string | null,
        numPartitions: -1,
        replicationFactor: -1,
        configs: t.configs.map((c) => ({
          name: c.name,
          value: c.value,
          readOnly: false,
          configSource: 1,
          isSensitive: false,
        })),
      };
      try {
        if (t.replicationFactor !== -1 && t.replicationFactor !== 1) {
          throw new KafkaError(
            ErrorCode.INVALID_REPLICATION_FACTOR,
            `replication factor ${t.replicationFactor} is larger than the 1 available broker`,
          );
        }
        if (validateOnly) {
          if (ctx.logs.getTopic(t.name)) {
            throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `topic '${t.name}' already exists`);
          }
          result.numPartitions = partitions === -1 ? ctx.logs.defaultPartitions : partitions;
        } else {
          const created = await ctx.logs.createTopic(t.name, partitions, configs);
          result.topicId = created.topicId;
          result.numPartitions = created.partitions.length;
        }
        result.replicationFactor = 1;
      } catch (err) {
        if (!(err instanceof KafkaError)) throw err;
        result.errorCode = err.code;
        result.errorMessage = err.message;
        result.configs = [];
      }
      out.push(result);
    }
    return { throttleTimeMs: 0, topics: out };
  },
};
