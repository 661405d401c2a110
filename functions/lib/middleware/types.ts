import type { Logger } from '@aws-lambda-powertools/logger';
import type { DeadLetterReason } from '../dead-letter/index.js';
import type { DecodedRecord, KafkaEvent, KafkaEventSource } from '../kafka-event/index.js';

/** One invoke's records, decoded, with the means to dead-letter them. What a Kafka handler receives. */
export interface KafkaBatch {
  /** Which kind of event source mapping delivered the batch. */
  source: KafkaEventSource;
  /** ARN of the MSK cluster; absent for self-managed Kafka. */
  eventSourceArn?: string;
  /** The event's `"<topic>-<partition>"` keys, in event order. */
  partitions: readonly string[];
  /** Records that decoded: partitions in event order, offsets ascending within each. */
  records: readonly DecodedRecord[];
  /** Records the event held, decodable or not: `records.length` + undecodable ones (already dead-lettered). */
  received: number;
  /** Whether the trigger acts on `batchItemFailures` (its `reportBatchItemFailures`). */
  reportsItemFailures: boolean;
  /** The event exactly as delivered. Its envelope is checked; its records may not be. */
  raw: KafkaEvent;
  /** The function's logger, with the Lambda context already in it. */
  logger: Logger;
  /**
   * Dead-letters one record with its reason, coordinates and bytes, and counts it. Calling
   * it twice for a record writes the same object again and counts it once. Rejects with
   * `DeadLetterWriteError` when S3 fails: an infrastructure failure, let it propagate.
   */
  deadLetter(record: DecodedRecord, reason: DeadLetterReason, detail: string): Promise<void>;
}

/** Where one received record sits; offset null when the offset itself did not decode. */
export interface ReceivedPosition {
  /** `"<topic>-<partition>"`. */
  partition: string;
  /** Offset, or null when unreadable. */
  offset: number | null;
}

/** What `kafkaBatch` keeps in `request.internal[KAFKA_BATCH_KEY]` for the middlewares after it. */
export interface KafkaBatchState {
  /** The batch handed to the handler. */
  batch: KafkaBatch;
  /** Positions of the records that did not decode (all dead-lettered as `undecodable`). */
  undecodable: ReceivedPosition[];
  /** Dead letters written in this invoke, keyed by record coordinates, each counted once. */
  deadLettered: Map<string, ReceivedPosition & { reason: DeadLetterReason }>;
}
