/**
 * The `feedback-labels` table: one item per feedback id holding its latest label.
 *
 *   feedbackId  S  partition key
 *   label       S  `positive` | `negative`
 *   source      S  `api` | `slack`
 *   user        S  who labelled it, when known
 *   ts          S  when it was labelled, ISO 8601 UTC with milliseconds
 *   version     S  "<ts>|<partition>|<offset>" (zero-padded): what "later" means
 *
 * A write only ever moves `version` forward (a conditional Put), so the item is the label with
 * the greatest (ts, partition, offset) whatever order records are delivered or replayed in: a
 * later label wins, and two labels of the same millisecond are ordered by their position in
 * the topic (labels of one id share a partition, keyed by id). Replaying a record finds its
 * own version and writes nothing. The item does not depend on the feedback item existing, so a
 * label that arrives first is kept and joined when the feedback is read.
 */

import type { FeedbackLabelEvent } from '../lib/feedback-labels/index.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';

/** What the table holds per feedback id (the query API reads it too). */
export interface FeedbackLabelItem {
  feedbackId: string;
  label: FeedbackLabelEvent['label'];
  source: FeedbackLabelEvent['source'];
  user?: string;
  ts: string;
  version: string;
}

/** The version a label is stored under: orders labels by time, then by position in the topic. */
export function labelVersion(event: FeedbackLabelEvent, record: Pick<DecodedRecord, 'partition' | 'offset'>): string {
  return `${event.ts}|${String(record.partition).padStart(5, '0')}|${String(record.offset).padStart(20, '0')}`;
}

export function labelItem(
  event: FeedbackLabelEvent,
  record: Pick<DecodedRecord, 'partition' | 'offset'>,
): FeedbackLabelItem {
  return {
    feedbackId: event.feedbackId,
    label: event.label,
    source: event.source,
    ...(event.user === undefined ? {} : { user: event.user }),
    ts: event.ts,
    version: labelVersion(event, record),
  };
}
