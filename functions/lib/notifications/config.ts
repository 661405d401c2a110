import { tableEnvName } from '../../../infra/pipeline/names.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './deliver.js';
import { NotificationError } from './errors.js';

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
