import { EventEmitter } from 'node:events';
import type { DeadLetterReason } from './reasons.js';

/** What `deadLetterEvents` reports for each dead letter written. */
export interface DeadLetterNotice {
  /** The pipeline function that dead-lettered the record. */
  function: string;
  /** Topic of the record. */
  topic: string;
  /** Partition of the record. */
  partition: number;
  /** Offset of the record, or null when the offset could not be decoded. */
  offset: number | null;
  /** Why it was dead-lettered. */
  reason: DeadLetterReason;
  /** Bucket and key the dead letter was written to. */
  location: { bucket: string; key: string };
}

/**
 * In-process observer of dead letters, emitting `'dead-letter'` once a dead letter is stored.
 * The local runtime counts dead letters with it instead of listing S3; on AWS nothing listens
 * and an emit costs a property lookup. Delivery is at-least-once like the batches: a retried
 * batch reports its dead letters again, so a counter dedupes on (function, topic, partition,
 * offset). Listeners run inside the handler and must not throw.
 */
export const deadLetterEvents = new EventEmitter<{ 'dead-letter': [DeadLetterNotice] }>();
