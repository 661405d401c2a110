import { MAX_PARTITION, topicProblem } from './rules.js';
import type { TopicPartition } from './types.js';

const PARTITION_DIGITS = /^(?:0|[1-9]\d{0,9})$/;

/** `"<topic>-<partition>"`: how Lambda keys an event's records and how `batchItemFailures` name a partition. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/**
 * Reads a `"<topic>-<partition>"` key, splitting on the last '-' because topic names may
 * contain '-'. Undefined when the key is not one: no '-', an illegal topic name, or a
 * partition that is not a canonical int32 (`orders-01` is not how Lambda writes partition 1).
 */
export function parsePartitionKey(key: string): TopicPartition | undefined {
  const dash = key.lastIndexOf('-');
  if (dash < 0) return undefined;
  const topic = key.slice(0, dash);
  const digits = key.slice(dash + 1);
  if (!PARTITION_DIGITS.test(digits) || topicProblem(topic) !== undefined) return undefined;
  const partition = Number(digits);
  return partition <= MAX_PARTITION ? { topic, partition } : undefined;
}
