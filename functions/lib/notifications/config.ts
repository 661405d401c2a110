import { tableEnvName } from '../../../infra/pipeline/names.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './deliver.js';
import { NotificationError } from './errors.js';
import { DEFAULT_FLOOD_POLICY, type FloodPolicy } from './flood.js';

/** Environment variable naming the notifications table (`TABLE_NOTIFICATIONS`). */
export const NOTIFICATIONS_TABLE_ENV = tableEnvName('notifications');

/** The notifications table from the environment. */
export function notificationsTable(env: NodeJS.ProcessEnv = process.env): string {
  const table = env[NOTIFICATIONS_TABLE_ENV];
  if (!table) throw new NotificationError(`${NOTIFICATIONS_TABLE_ENV} is not set: bind the notifications table`);
  return table;
}

/** Default of `SLACK_SEND_BUDGET_MS`. */
export const SLACK_SEND_BUDGET_MS = 10_000;

/**
 * How long one invoke may spend posting to Slack and retrying (`SLACK_SEND_BUDGET_MS`, default
 * 10 s) before what is left unsent goes back to the outbox for a later run; never more than
 * the invoke has left.
 */
export function slackSendBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SLACK_SEND_BUDGET_MS;
  if (raw === undefined || raw === '') return SLACK_SEND_BUDGET_MS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    throw new NotificationError(`SLACK_SEND_BUDGET_MS must be a non-negative number, got "${raw}"`);
  }
  return n;
}

/**
 * The retry policy from the environment: `NOTIFICATION_RETRY_BASE_SECONDS` (first delay,
 * doubled per deferral), `NOTIFICATION_RETRY_MAX_SECONDS`, `NOTIFICATION_MAX_AGE_HOURS`.
 */
export function retryPolicy(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const seconds = (name: string, fallbackMs: number, unitMs = 1000) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallbackMs;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0)
      throw new NotificationError(`${name} must be a non-negative number, got "${raw}"`);
    return n * unitMs;
  };
  return {
    baseDelayMs: seconds('NOTIFICATION_RETRY_BASE_SECONDS', DEFAULT_RETRY_POLICY.baseDelayMs),
    maxDelayMs: seconds('NOTIFICATION_RETRY_MAX_SECONDS', DEFAULT_RETRY_POLICY.maxDelayMs),
    maxAgeMs: seconds('NOTIFICATION_MAX_AGE_HOURS', DEFAULT_RETRY_POLICY.maxAgeMs, 3_600_000),
  };
}

/**
 * Flood control from the environment: `NOTIFICATION_POSTS_PER_MINUTE` (posts of their own per
 * channel per minute, 0..60: a Slack webhook takes about one a second; 0 sends everything as
 * digests), `NOTIFICATION_DIGEST_SECONDS` (the digest interval, 10..86400, epoch-aligned) and
 * `FEEDBACK_QUERY_URL` (the query API's base URL for the digest's link: empty, or http(s)).
 */
export function floodPolicy(env: NodeJS.ProcessEnv = process.env): FloodPolicy {
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new NotificationError(`${name} must be a whole number ${min}..${max}, got "${raw}"`);
    }
    return n;
  };
  const queryApiUrl = env.FEEDBACK_QUERY_URL ?? DEFAULT_FLOOD_POLICY.queryApiUrl;
  if (queryApiUrl !== '' && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(queryApiUrl)) {
    throw new NotificationError(`FEEDBACK_QUERY_URL must be empty or an http(s) URL, got "${queryApiUrl}"`);
  }
  return {
    postsPerMinute: integer('NOTIFICATION_POSTS_PER_MINUTE', DEFAULT_FLOOD_POLICY.postsPerMinute, 0, 60),
    digestIntervalMs:
      integer('NOTIFICATION_DIGEST_SECONDS', DEFAULT_FLOOD_POLICY.digestIntervalMs / 1000, 10, 86_400) * 1000,
    queryApiUrl,
  };
}
