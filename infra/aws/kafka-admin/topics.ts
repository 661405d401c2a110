/**
 * Makes a topic match its declaration through the Kafka admin API: creates it when it is
 * missing, raises its partition count when the declaration asks for more, and sets
 * `retention.ms`. It never deletes a topic and never lowers partitions (Kafka cannot):
 * a declaration asking for fewer fails the deployment with the reason.
 *
 * Kafka APIs used: Metadata (list, partition count), CreateTopics, CreatePartitions,
 * IncrementalAlterConfigs (SET `retention.ms` on the TOPIC resource).
 */

import { ConfigResourceTypes, IncrementalAlterConfigOperationTypes } from '@platformatic/kafka';
import { IrreversibleTopicChangeError } from './errors.js';

/** The admin calls this needs; `@platformatic/kafka`'s `Admin` has them, tests pass a fake. */
export interface TopicAdmin {
  listTopics(): Promise<string[]>;
  metadata(options: { topics: string[] }): Promise<{ topics: Map<string, { partitionsCount: number }> }>;
  createTopics(options: {
    topics: string[];
    partitions?: number;
    replicas?: number;
    configs?: { name: string; value?: string | null }[];
  }): Promise<unknown>;
  createPartitions(options: { topics: { name: string; count: number }[] }): Promise<void>;
  incrementalAlterConfigs(options: {
    resources: {
      resourceType: typeof ConfigResourceTypes.TOPIC;
      resourceName: string;
      configs: { name: string; configOperation: typeof IncrementalAlterConfigOperationTypes.SET; value: string }[];
    }[];
  }): Promise<void>;
}

export interface DesiredTopic {
  topic: string;
  partitions: number;
  retentionMs: number;
  /** Replication factor when creating; unset lets the cluster decide (MSK Serverless always keeps 3). */
  replicas?: number;
}

export interface TopicOutcome {
  /** What was done. */
  action: 'created' | 'updated';
  /** Partitions the topic has now. */
  partitions: number;
}

const TOPIC_ALREADY_EXISTS = /TOPIC_ALREADY_EXISTS|already exists/i;

export async function ensureTopic(admin: TopicAdmin, desired: DesiredTopic): Promise<TopicOutcome> {
  const retention = { name: 'retention.ms', value: String(desired.retentionMs) };
  if (!(await admin.listTopics()).includes(desired.topic)) {
    try {
      await admin.createTopics({
        topics: [desired.topic],
        partitions: desired.partitions,
        ...(desired.replicas === undefined ? {} : { replicas: desired.replicas }),
        configs: [retention],
      });
      return { action: 'created', partitions: desired.partitions };
    } catch (err) {
      // Created meanwhile by someone else: reconcile it like any existing topic.
      if (!TOPIC_ALREADY_EXISTS.test(errorText(err))) throw err;
    }
  }

  const current = (await admin.metadata({ topics: [desired.topic] })).topics.get(desired.topic)?.partitionsCount;
  if (current === undefined) throw new Error(`topic ${desired.topic} is listed but has no metadata`);
  if (current > desired.partitions) {
    throw new IrreversibleTopicChangeError(
      `topic ${desired.topic} has ${current} partitions and Kafka cannot remove partitions: ` +
        `declare ${current} or more in infra/pipeline.ts`,
    );
  }
  if (current < desired.partitions) {
    await admin.createPartitions({ topics: [{ name: desired.topic, count: desired.partitions }] });
  }
  await admin.incrementalAlterConfigs({
    resources: [
      {
        resourceType: ConfigResourceTypes.TOPIC,
        resourceName: desired.topic,
        configs: [{ ...retention, configOperation: IncrementalAlterConfigOperationTypes.SET }],
      },
    ],
  });
  return { action: 'updated', partitions: desired.partitions };
}

/** Message of an error and of everything it wraps (`cause`, `errors`): Kafka error codes sit deep. */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const nested = [
    (err as Error & { cause?: unknown }).cause,
    ...(((err as Error & { errors?: unknown[] }).errors ?? []) as unknown[]),
  ];
  return [err.message, ...nested.filter((e) => e !== undefined).map(errorText)].join(' | ');
}
