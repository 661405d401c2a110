/**
 * The DynamoDB item of scored feedback, and which notification a score calls for. Pure.
 *
 * The item is a function of the record and the model only (no clock, no random), so scoring
 * a replayed record again writes the very same item.
 */

import { type Feedback, isKnownSource } from '../lib/feedback/index.js';
import { type DecodedRecord, partitionKey } from '../lib/kafka-event/index.js';
import { type FeedbackNotificationKind, NotificationKind } from '../lib/notifications/index.js';
import { parseRfc3339 } from '../lib/time/index.js';

/** What the scorer needs of a sentiment model (`loadSentimentScorer` in functions/lib/sentiment returns one). */
export interface SentimentModel {
  /** Model version, from its model card. */
  readonly version: string | number;
  /** Tokenizer / feature version the model was trained with. */
  readonly featureVersion: string | number;
  /** Probability of positive sentiment, 0..1, per text: the whole batch in one ONNX run. */
  score(texts: string[]): Promise<Float32Array>;
}

/** Sentiment band of a score (the model's own labels, as the CLI prints them). */
export type SentimentBandOf = (score: number) => string;

/** One item of the feedback table (key `id`). */
export interface ScoredFeedbackItem extends Feedback {
  /** Whether `source` is one the pipeline knows (`slack`, `twitter`, `web`, `http`). */
  sourceKnown: boolean;
  /** Probability of positive sentiment, 0..1, rounded to 6 decimals. */
  score: number;
  /** `negative`, `neutral` or `positive`: the key of the `by-band` index (with `tsUtc`). */
  band: string;
  /** Model and feature version that produced the score. */
  modelVersion: string;
  featureVersion: string;
  /** Where the record was read: `"<topic>-<partition>"` and offset. A write never replaces a later offset's item. */
  sourcePartition: string;
  sourceOffset: number;
  /** Record timestamp, epoch ms. */
  recordTimestamp: number;
  /** DynamoDB TTL: epoch seconds, the record timestamp plus the retention days. */
  expiresAt: number;
  /**
   * `ts` in UTC (`toISOString`): the sort key of the `by-band` index. `ts` keeps the offset the
   * source sent, and strings with different offsets do not sort in time order.
   */
  tsUtc: string;
}

export function scoredFeedbackItem(
  record: DecodedRecord,
  feedback: Feedback,
  score: number,
  model: { version: string | number; featureVersion: string | number; band: SentimentBandOf },
  ttlDays: number,
): ScoredFeedbackItem {
  const rounded = Math.round(score * 1e6) / 1e6;
  // Object.assign, not `{ ...feedback, sourceKnown, … }`: V8 (Node 20) adds each property that
  // follows a spread through a slow path, about 1 µs apiece, which made these ten fields cost
  // more than featurizing and scoring the text (bench/feedback.ts). Same keys, same order.
  return Object.assign({}, feedback, {
    sourceKnown: isKnownSource(feedback.source),
    score: rounded,
    band: model.band(rounded),
    modelVersion: String(model.version),
    featureVersion: String(model.featureVersion),
    sourcePartition: partitionKey(record.topic, record.partition),
    sourceOffset: record.offset,
    recordTimestamp: record.timestamp,
    expiresAt: Math.floor(record.timestamp / 1000) + ttlDays * 86_400,
    // Validated feedback always has a readable ts.
    tsUtc: new Date(parseRfc3339(feedback.ts) as number).toISOString(),
  });
}

/**
 * Which notification a score calls for: below `negative`, the negative channel; above
 * `positive`, the positive one; otherwise none. A score that is not a number in 0..1 calls
 * for none: "no score" is never read as negative.
 */
export function notificationKindFor(
  score: number,
  thresholds: { negative: number; positive: number },
): FeedbackNotificationKind | undefined {
  if (!Number.isFinite(score) || score < 0 || score > 1) return undefined;
  if (score < thresholds.negative) return NotificationKind.NEGATIVE;
  if (score > thresholds.positive) return NotificationKind.POSITIVE;
  return undefined;
}
