import type { Message } from '../protocol/codec.js';
import { ErrorCode, KafkaError } from '../protocol/errors.js';
import { MetadataRequest, MetadataResponse } from '../protocol/messages/metadata.js';
import type { ApiHandler, BrokerContext } from './types.js';

// Metadata Request (Version: 12) => [topics] allow_auto_topic_creation include_topic_authorized_operations [TAG_BUFFER]
//   topics => topic_id name [TAG_BUFFER]
// Metadata Response (Version: 12) => throttle_time_ms [brokers] cluster_id controller_id [topics] [TAG_BUFFER]
//   brokers => node_id host port rack
//   topics => error_code name topic_id is_internal [partitions] topic_authorized_operations
//     partitions => error_code partition_index leader_id leader_epoch [replica_nodes] [isr_nodes] [offline_replicas]
//
// Implements: one broker (this node, also the controller) leading every
// partition; stable non-zero topic ids; topics auto-created on request when the
// broker allows it and the request does (v4+; always in v0-3, as Kafka did).
// Skips: authorized operations (reported as "not requested", INT32_MIN), racks.
export const metadata: ApiHandler = {
  apiKey: 3,
  name: 'Metadata',
  request: MetadataRequest,
  response: MetadataResponse,
  minVersion: 0,
  maxVersion: 12,
  async handle(ctx: BrokerContext, req: Message, info): Promise<Message> {
    const requested = req.topics as { name: string | null; topicId: Buffer }[] | null;
    // v0 encodes "all topics" as an empty array, v1+ as null.
    const all = requested === null || (info.version === 0 && requested.length === 0);
    const allowAuto = info.version < 4 ? true : (req.allowAutoTopicCreation as boolean);
    const topics: Message[] = [];
    if (all) {
      for (const t of ctx.logs.topics()) topics.push(topicEntry(ctx, t.name, t.topicId, t.partitions.length));
    } else {
      for (const r of requested) {
        if (r.name === null) {
          const byId = ctx.logs.getTopicById(r.topicId);
          topics.push(
            byId
              ? topicEntry(ctx, byId.name, byId.topicId, byId.partitions.length)
              : { errorCode: ErrorCode.UNKNOWN_TOPIC_ID, name: null, topicId: r.topicId, partitions: [] },
          );
          continue;
        }
        try {
          const t = allowAuto ? await ctx.logs.ensureTopic(r.name) : ctx.logs.getTopic(r.name);
          topics.push(
            t
              ? topicEntry(ctx, t.name, t.topicId, t.partitions.length)
              : { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name: r.name, partitions: [] },
          );
        } catch (err) {
          const code = err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR;
          topics.push({ errorCode: code, name: r.name, partitions: [] });
        }
      }
    }
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: ctx.nodeId, host: ctx.host, port: ctx.port, rack: null }],
      clusterId: ctx.clusterId,
      controllerId: ctx.nodeId,
      topics,
      clusterAuthorizedOperations: -2147483648,
    };
  },
};

function topicEntry(ctx: BrokerContext, name: string, topicId: Buffer, partitionCount: number): Message {
  const partitions: Message[] = [];
  for (let i = 0; i < partitionCount; i++) {
    partitions.push({
      errorCode: ErrorCode.NONE,
      partitionIndex: i,
      leaderId: ctx.nodeId,
      leaderEpoch: 0,
      replicaNodes: [ctx.nodeId],
      isrNodes: [ctx.nodeId],
      offlineReplicas: [],
    });
  }
  return {
    errorCode: ErrorCode.NONE,
    name,
    topicId,
    isInternal: false,
    partitions,
    topicAuthorizedOperations: -2147483648,
  };
}
