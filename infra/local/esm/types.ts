import type { TriggerSpec } from '../../pipeline/types.js';
import type { BatchFailure } from './failure-record.js';
import type { LambdaContextLike } from './lambda-context.js';

/** How the local runtime starts the emulator for one trigger. */
export interface EventSourceMappingOptions {
  /** The trigger as declared in the pipeline: topic, batching, start position, filters, retry controls. */
  trigger: TriggerSpec;
  /** Broker addresses, comma-separated `host:port` (also the event's `bootstrapServers`). */
  bootstrap: string;
  /** Name of the function invoked; used in the context, ARNs and log names. */
  functionName: string;
  /** Lambda timeout, enforced: a handler still running after it counts as a failed invoke. */
  timeoutSeconds: number;
  /** Lambda memory, reported to the handler as `memoryLimitInMB`. */
  memoryMb: number;
  /** The function's handler, invoked in-process. */
  handler: (event: unknown, context: LambdaContextLike) => Promise<unknown>;
  /** On-failure destination; required when `trigger.onFailure` is set (see `s3FailureDestination`). */
  destination?: (failure: BatchFailure) => Promise<void>;
  /** ARN put in events and failure records. Default a placeholder ARN of the local cluster. */
  eventSourceArn?: string;
  /** Backoff between retries of a failing batch, doubling from `initial` up to `max`. Default 100 → 5000 ms. */
  retryBackoffMs?: { initial: number; max: number };
  /** Clock for record ages, arrival times and failure timestamps. Default `Date.now`. */
  now?: () => number;
  /** Partitions held back from the start until `release(partition)` (see `hold`). Default none. */
  heldPartitions?: readonly number[];
  /** Diagnostics: handler errors, retries, dropped batches. Default silent. */
  log?: (message: string, data?: Record<string, unknown>) => void;
}

/** Counters and positions of a running mapping, for progress displays. */
export interface EsmStats {
  /** Records read from Kafka (duplicates after a rebalance are not counted twice). */
  received: number;
  /** Records skipped by FilterCriteria (committed, never invoked). */
  filtered: number;
  /** Records waiting to be batched. */
  queued: number;
  /** Handler invocations, retries included. */
  invocations: number;
  /** Invocations that were retries of records already invoked before. */
  retries: number;
  /** Invocations that failed: an error, a timeout, an unreadable or partial batch response. */
  failedInvokes: number;
  /** Records the handler processed successfully. */
  succeededRecords: number;
  /** Records handed to the on-failure destination. */
  sentToDestination: number;
  /** Records given up without a destination (Lambda discards them). */
  droppedRecords: number;
  /** Records that ended in failure: `sentToDestination + droppedRecords`. */
  failedRecords: number;
  /** Invocations running now. */
  inFlight: number;
  /** Per `topic-partition`: high watermark minus the group's position (committed, or start when none). */
  lag: Record<string, number>;
  /** Per `topic-partition`: the committed offset (next record to read), or null before the first commit. */
  lastCommitted: Record<string, number | null>;
}

/** Emitted after every invocation. */
export interface BatchEvent {
  /** Records in the payload. */
  records: number;
  /** Partitions in the payload. */
  partitions: number;
  /** Time from invoke to response (or timeout), ms. */
  durationMs: number;
  /** True when every record of the payload succeeded. */
  ok: boolean;
  /** 1 for a first delivery; higher when some record of the payload had been invoked before. */
  attempt: number;
}

/** Emitted for every group of records that succeeded, so the runtime can compute end-to-end latency. */
export interface ProcessedEvent {
  /** Records that succeeded. */
  count: number;
  /** Their Kafka timestamps (epoch ms). */
  timestamps: number[];
}

/** Events of an `EventSourceMapping`. */
export interface EventSourceMappingEvents {
  batch: [BatchEvent];
  processed: [ProcessedEvent];
}
