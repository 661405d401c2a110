import { EventEmitter } from 'node:events';

/** What `producedRecords` reports for each acknowledged send. */
export interface ProducedNotice {
  /** Topic the records went to. */
  topic: string;
  /** Records the broker acknowledged. */
  count: number;
}

/**
 * In-process observer of records functions produce, emitting `'produced'` once the broker has
 * acknowledged them. The local runtime adds them to the topic's produced count, so records
 * that enter through the API (ingest, Slack events) reconcile like the demo producers' own.
 * On AWS nothing listens. Listeners must not throw.
 */
export const producedRecords = new EventEmitter<{ produced: [ProducedNotice] }>();
