/**
 * The scorer's domain step without I/O: records → feedback (or refusals) → one model run over
 * every valid text → items, each with the notification its score calls for. Only the model
 * is awaited. The benchmark times exactly this against the decode-only floor.
 */

import { DeadLetterReason } from '../lib/dead-letter/reasons.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';
import { rejectionOf } from '../lib/middleware/index.js';
import type { FeedbackNotificationKind } from '../lib/notifications/index.js';
import { feedbackOf } from './feedback-record.js';
import {
  notificationKindFor,
  type ScoredFeedbackItem,
  type SentimentBandOf,
  type SentimentModel,
  scoredFeedbackItem,
} from './scored-feedback.js';

/** A record scored: its item, and the notification its score calls for. */
export interface ScoredRecord {
  record: DecodedRecord;
  item: ScoredFeedbackItem;
  notify?: FeedbackNotificationKind;
}

/** A record refused, with the dead letter's reason and detail. */
export interface RefusedRecord {
  record: DecodedRecord;
  reason: DeadLetterReason;
  detail: string;
}

export interface ScoreRecordsOptions {
  model: SentimentModel;
  band: SentimentBandOf;
  thresholds: { negative: number; positive: number };
  ttlDays: number;
}

export async function scoreRecords(
  records: readonly DecodedRecord[],
  options: ScoreRecordsOptions,
): Promise<{ scored: ScoredRecord[]; refused: RefusedRecord[] }> {
  const valid: { record: DecodedRecord; feedback: ReturnType<typeof feedbackOf> }[] = [];
  const refused: RefusedRecord[] = [];
  for (const record of records) {
    try {
      valid.push({ record, feedback: feedbackOf(record) });
    } catch (error) {
      const rejection = rejectionOf(error);
      if (rejection === undefined) throw error;
      refused.push({ record, ...rejection });
    }
  }
  if (valid.length === 0) return { scored: [], refused };
  const scores = await options.model.score(valid.map((v) => v.feedback.text));
  if (scores.length !== valid.length) {
    throw new Error(`the sentiment model returned ${scores.length} scores for ${valid.length} texts`);
  }
  const model = { version: options.model.version, featureVersion: options.model.featureVersion, band: options.band };
  const scored: ScoredRecord[] = [];
  valid.forEach(({ record, feedback }, i) => {
    const score = scores[i] as number;
    if (!Number.isFinite(score) || score < 0 || score > 1) {
      refused.push({
        record,
        reason: DeadLetterReason.PROCESSING_ERROR,
        detail: `${record.coordinates}: the sentiment model gave no usable score (${score}); not stored, not notified`,
      });
      return;
    }
    const item = scoredFeedbackItem(record, feedback, score, model, options.ttlDays);
    const notify = notificationKindFor(item.score, options.thresholds);
    const result: ScoredRecord = { record, item };
    if (notify) result.notify = notify;
    scored.push(result);
  });
  return { scored, refused };
}
