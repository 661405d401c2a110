/**
 * Resource properties of the two custom resource types, as CloudFormation delivers them:
 * every scalar arrives as a string, so numbers are parsed and checked here, where the
 * input enters.
 */

import { InvalidResourcePropertiesError } from './errors.js';

/** The custom resource types this function serves. */
export const ResourceType = {
  /** One topic: created when missing, partitions raised and retention set when it exists. Never deleted. */
  TOPIC: 'Custom::KafkaTopic',
  /** The cluster's IAM bootstrap broker string (`GetBootstrapBrokers`). */
  BOOTSTRAP_BROKERS: 'Custom::KafkaBootstrapBrokers',
} as const;
export type ResourceType = (typeof ResourceType)[keyof typeof ResourceType];

/** A declared topic. */
export interface TopicProperties {
  /** ARN of the MSK cluster holding it. */
  clusterArn: string;
  /** Topic name. */
  topic: string;
  /** Partitions it must have at least. */
  partitions: number;
  /** `retention.ms`. */
  retentionMs: number;
}

const CLUSTER_ARN = /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[^/]+\/[^/]+$/;
const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

function field(props: Record<string, unknown>, name: string): string {
  const value = props[name];
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new InvalidResourcePropertiesError(`${name} is required`);
  }
  return String(value);
}

function positiveInt(props: Record<string, unknown>, name: string): number {
  const text = field(props, name);
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidResourcePropertiesError(`${name} must be a positive integer, got "${text}"`);
  }
  return n;
}

export function clusterArnOf(props: Record<string, unknown>): string {
  const arn = field(props, 'ClusterArn');
  if (!CLUSTER_ARN.test(arn)) throw new InvalidResourcePropertiesError(`ClusterArn "${arn}" is not an MSK cluster ARN`);
  return arn;
}

export function topicProperties(props: Record<string, unknown>): TopicProperties {
  const topic = field(props, 'Topic');
  if (!TOPIC.test(topic)) throw new InvalidResourcePropertiesError(`Topic "${topic}" is not a legal Kafka topic name`);
  return {
    clusterArn: clusterArnOf(props),
    topic,
    partitions: positiveInt(props, 'Partitions'),
    retentionMs: positiveInt(props, 'RetentionMs'),
  };
}

/** The region of an MSK ARN (the signer signs for it). */
export function regionOfArn(arn: string): string {
  const region = arn.split(':')[3];
  if (!region) throw new InvalidResourcePropertiesError(`no region in ARN "${arn}"`);
  return region;
}
