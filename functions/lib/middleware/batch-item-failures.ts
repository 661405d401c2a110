import { partitionKey } from '../kafka-event/index.js';

/** One partition to resume from an offset (the Kafka form of a partial batch response item). */
export interface KafkaBatchItemFailure {
  /** The partition, named as in the event (`"<topic>-<partition>"`), and the offset to resume it from. */
  itemIdentifier: { partition: string; offset: number };
}

/**
 * A partial batch response. With `ReportBatchItemFailures` on the trigger, each named
 * partition resumes from its offset; every other record of the batch counts as done.
 */
export interface KafkaBatchResponse {
  /** At most one item per partition: the lowest offset whose effects failed. */
  batchItemFailures: KafkaBatchItemFailure[];
}

/** What a Kafka handler returns: nothing (the whole batch is done) or a partial batch response. */
export type KafkaHandlerResult = KafkaBatchResponse | undefined;

/** A record position whose effects failed and must be delivered again. */
export interface FailedRecord {
  /** Topic of the record. */
  topic: string;
  /** Partition of the record. */
  partition: number;
  /** Offset of the record. */
  offset: number;
}

/**
 * Builds a partial batch response naming, per partition, the lowest offset among `failed`.
 * Lambda resumes a partition from the offset it is given, so anything after the lowest
 * failure is delivered again anyway; one item per partition says exactly that.
 * Partitions appear in the order they were first seen.
 */
export function batchItemFailures(failed: Iterable<FailedRecord>): KafkaBatchResponse {
  const lowest = new Map<string, number>();
  for (const record of failed) {
    const key = partitionKey(record.topic, record.partition);
    const current = lowest.get(key);
    if (current === undefined || record.offset < current) lowest.set(key, record.offset);
  }
  return {
    batchItemFailures: [...lowest].map(([partition, offset]) => ({ itemIdentifier: { partition, offset } })),
  };
}

/** The offset each partition resumes from, per a handler's result (empty when it reports nothing). */
export function resumeOffsets(result: unknown): Map<string, number> {
  const offsets = new Map<string, number>();
  const items = (result as Partial<KafkaBatchResponse> | null | undefined)?.batchItemFailures;
  if (!Array.isArray(items)) return offsets;
  for (const item of items) {
    const { partition, offset } = (item as Partial<KafkaBatchItemFailure>)?.itemIdentifier ?? {};
    if (typeof partition !== 'string' || typeof offset !== 'number') continue;
    const current = offsets.get(partition);
    if (current === undefined || offset < current) offsets.set(partition, offset);
  }
  return offsets;
}

/**
 * What is wrong with a handler's result as Lambda would read it, or undefined when nothing is:
 * item failures from a function whose trigger ignores them (Lambda would commit the failed
 * records), or an item naming a partition that is not in the batch (Lambda would fail it all).
 */
export function batchResponseProblem(
  result: unknown,
  batch: { partitions: readonly string[]; reportsItemFailures: boolean },
): string | undefined {
  const resume = resumeOffsets(result);
  if (resume.size === 0) return undefined;
  if (!batch.reportsItemFailures) {
    return (
      'returned batchItemFailures but its trigger does not report them: Lambda would commit the failed records; ' +
      'failing the batch instead (set reportBatchItemFailures on trigger and handler)'
    );
  }
  for (const partition of resume.keys()) {
    if (!batch.partitions.includes(partition)) {
      return (
        `returned a batchItemFailures item for partition ${JSON.stringify(partition)}, ` +
        `which is not in the batch (${batch.partitions.join(', ')})`
      );
    }
  }
  return undefined;
}
