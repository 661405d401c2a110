/**
 * The scorer's settings, from the environment infra/pipeline.ts gives it:
 *
 * - `TABLE_FEEDBACK`, `TABLE_NOTIFICATIONS`: the tables it writes.
 * - `NEGATIVE_THRESHOLD` (0.3), `POSITIVE_THRESHOLD` (0.9): a score below the first notifies
 *   `NEGATIVE_CHANNEL`, above the second `POSITIVE_CHANNEL`; 0 <= negative < positive <= 1.
 * - `FEEDBACK_TTL_DAYS` (90): scored feedback expires this long after its record's timestamp.
 * - `SLACK_SEND_BUDGET_MS` (10000): how long one batch may spend posting and retrying Slack
 *   before unsent notifications are left to the retrier (never more than the invoke has left).
 * - `NOTIFICATION_RETRY_*`: the retrier's backoff (see functions/lib/notifications/config.ts).
 * - `NOTIFICATION_POSTS_PER_MINUTE` (10), `NOTIFICATION_DIGEST_SECONDS` (300),
 *   `FEEDBACK_QUERY_URL` (''): flood control, shared with the retrier: a channel gets that many
 *   posts of their own a minute, the rest one digest per interval with a link to the query API.
 * - `MODEL_CHECK_SECONDS` (60): least time between checks for a newly published sentiment
 *   model (functions/lib/model-store/config.ts); 0 keeps the cold start's model.
 */

import { tableEnvName } from '../../infra/pipeline/names.js';
import { modelCheckIntervalMs } from '../lib/model-store/config.js';
import {
  type FloodPolicy,
  floodPolicy,
  NotificationError,
  notificationsTable,
  type RetryPolicy,
  retryPolicy,
  slackSendBudgetMs,
} from '../lib/notifications/index.js';
import { FeedbackScorerConfigError } from './errors.js';

/** The scorer's name in infra/pipeline.ts: its dead letters are filed under it. */
export const FEEDBACK_SCORER_FUNCTION = 'feedback-scorer';

/** The scorer's trigger sets `reportBatchItemFailures` (infra/pipeline.ts; a test keeps the two in step). */
export const REPORT_BATCH_ITEM_FAILURES = true;

/** Environment variable naming the scored-feedback table. */
export const FEEDBACK_TABLE_ENV = tableEnvName('feedback');

export interface ScorerConfig {
  /** Scored feedback table. */
  feedbackTable: string;
  /** Notification outbox table. */
  notificationsTable: string;
  /** Scores below `negative` notify the negative channel; above `positive` the positive one. */
  thresholds: { negative: number; positive: number };
  /** Slack channel names, the outbox's sort key and part of the idempotency key. */
  channels: { negative: string; positive: string };
  /** Days scored feedback is kept (DynamoDB TTL). */
  ttlDays: number;
  /** Milliseconds a batch may spend on Slack. */
  slackBudgetMs: number;
  /** When unsent notifications are tried again. */
  retry: RetryPolicy;
  /** Posts per channel per minute, the digest interval, and the query API link of a digest. */
  flood: FloodPolicy;
  /** Least milliseconds between checks of the published sentiment model; 0 never checks. */
  modelCheckMs: number;
}

export function scorerConfig(env: NodeJS.ProcessEnv = process.env): ScorerConfig {
  const feedbackTable = env[FEEDBACK_TABLE_ENV];
  if (!feedbackTable) throw new FeedbackScorerConfigError(`${FEEDBACK_SCORER_FUNCTION} needs ${FEEDBACK_TABLE_ENV}`);
  const number = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new FeedbackScorerConfigError(`${name} must be a number ${min}..${max}, got "${raw}"`);
    }
    return n;
  };
  const thresholds = {
    negative: number('NEGATIVE_THRESHOLD', 0.3, 0, 1),
    positive: number('POSITIVE_THRESHOLD', 0.9, 0, 1),
  };
  if (thresholds.negative >= thresholds.positive) {
    throw new FeedbackScorerConfigError(
      `NEGATIVE_THRESHOLD (${thresholds.negative}) must be below POSITIVE_THRESHOLD (${thresholds.positive})`,
    );
  }
  const channels = {
    negative: env.NEGATIVE_CHANNEL || '#negative-feedback',
    positive: env.POSITIVE_CHANNEL || '#positive-feedback',
  };
  if (channels.negative === channels.positive) {
    throw new FeedbackScorerConfigError('NEGATIVE_CHANNEL and POSITIVE_CHANNEL must differ');
  }
  // The outbox keys a channel's allowance and digests as `<channel> rate` / `<channel> digest`.
  for (const [name, channel] of [
    ['NEGATIVE_CHANNEL', channels.negative],
    ['POSITIVE_CHANNEL', channels.positive],
  ] as const) {
    if (/\s/.test(channel)) throw new FeedbackScorerConfigError(`${name} must hold no white space, got "${channel}"`);
  }
  let flood: FloodPolicy;
  try {
    flood = floodPolicy(env);
  } catch (error) {
    if (!(error instanceof NotificationError)) throw error;
    throw new FeedbackScorerConfigError(error.message, { cause: error });
  }
  return {
    feedbackTable,
    notificationsTable: notificationsTable(env),
    thresholds,
    channels,
    ttlDays: number('FEEDBACK_TTL_DAYS', 90, 1, 3650),
    slackBudgetMs: slackSendBudgetMs(env),
    retry: retryPolicy(env),
    flood,
    modelCheckMs: modelCheckIntervalMs(env),
  };
}
