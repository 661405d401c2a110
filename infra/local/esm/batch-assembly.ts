/**
 * Decides which records make up the next invoke, from the records waiting per partition.
 * Pure: the mapping passes its queues, limits and the time, and applies the plan.
 *
 * Rules (Lambda's Kafka batching, see DESIGN.md "Event source mapping semantics"):
 * - A batch holds at most `batchSize` records and its payload never exceeds `maxPayloadBytes`.
 * - It is invoked as soon as it is full (by count or by bytes), or once `windowMs` has passed
 *   since the oldest waiting record arrived; a window of 0 invokes whatever is waiting.
 * - It may mix partitions. Each partition contributes a prefix of its queue, so order holds
 *   within a partition; a partition with a batch in flight (`busy`) or held back (`held`)
 *   contributes nothing.
 * - Partitions are served oldest head first, so a deep backlog cannot starve the others.
 * - A record whose payload alone is over the limit can never be invoked: it is reported as
 *   `oversized` (the mapping sends it to the on-failure destination) instead of blocking.
 */
import { partitionEntryBytes } from './payload-size.js';

/** What the planner needs to know about a waiting record. */
export interface QueuedRecord {
  /** Size of the record's JSON in the payload (`recordBytes`). */
  bytes: number;
  /** When the mapping read it (ms, the mapping's clock). */
  arrivedAt: number;
}

/** The records waiting in one partition, oldest first. */
export interface PartitionBacklog {
  /** `topic-partition`, as the event keys records. */
  key: string;
  /** Waiting records in offset order. */
  records: readonly QueuedRecord[];
  /** A batch holding records of this partition is in flight or being retried. */
  busy: boolean;
  /** Held back on purpose (the mapping's `hold`): its records wait, as a slow poller's would. */
  held?: boolean;
}

export interface BatchLimits {
  /** Most records per invoke (the trigger's batchSize). */
  batchSize: number;
  /** Largest invoke payload in bytes (Lambda: 6 MB). */
  maxPayloadBytes: number;
  /** How long to gather records after the first one arrived (batchingWindowMs). */
  windowMs: number;
  /** Bytes of the event without records (`envelopeBytes`). */
  envelopeBytes: number;
}

/** How many records to take from the head of one partition's queue. */
export interface PartitionTake {
  key: string;
  count: number;
}

export type BatchPlan =
  /** Nothing can be invoked: no records waiting outside busy partitions. */
  | { kind: 'idle' }
  /** Records are waiting but the batch is neither full nor due; plan again at `until`. */
  | { kind: 'wait'; until: number }
  /** The head record of partition `key` alone exceeds the payload limit. */
  | { kind: 'oversized'; key: string }
  /** Invoke now with these heads of queues (in payload order); `bytes` is the payload size. */
  | { kind: 'invoke'; takes: PartitionTake[]; records: number; bytes: number };

export function planBatch(backlogs: readonly PartitionBacklog[], limits: BatchLimits, now: number): BatchPlan {
  const ready = backlogs.filter((backlog) => !backlog.busy && !backlog.held && backlog.records.length > 0);
  if (ready.length === 0) return { kind: 'idle' };
  for (const backlog of ready) {
    const head = backlog.records[0]!;
    if (limits.envelopeBytes + partitionEntryBytes(backlog.key) + head.bytes > limits.maxPayloadBytes) {
      return { kind: 'oversized', key: backlog.key };
    }
  }
  ready.sort((a, b) => a.records[0]!.arrivedAt - b.records[0]!.arrivedAt || (a.key < b.key ? -1 : 1));

  const takes: PartitionTake[] = [];
  let records = 0;
  let bytes = limits.envelopeBytes;
  let full = false;
  for (const backlog of ready) {
    if (records === limits.batchSize) {
      full = true;
      break;
    }
    let count = 0;
    for (const record of backlog.records) {
      if (records === limits.batchSize) {
        full = true;
        break;
      }
      const added = count === 0 ? (takes.length === 0 ? 0 : 1) + partitionEntryBytes(backlog.key) : 1;
      if (bytes + added + record.bytes > limits.maxPayloadBytes) {
        // This partition stops here to keep its order; others may still have a record that fits.
        full = true;
        break;
      }
      bytes += added + record.bytes;
      records++;
      count++;
    }
    if (count > 0) takes.push({ key: backlog.key, count });
  }
  if (records === limits.batchSize) full = true;

  const due = ready[0]!.records[0]!.arrivedAt + limits.windowMs;
  if (!full && now < due) return { kind: 'wait', until: due };
  return { kind: 'invoke', takes, records, bytes };
}
