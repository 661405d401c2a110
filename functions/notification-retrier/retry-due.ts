/**
 * The retrier's step: page through the notifications due by now (index `pending-by-due`,
 * oldest first) and deliver each with the same protocol as the scorer (claim, post, release),
 * until none are due or the invoke's time is nearly up. Digest pages are outbox items too:
 * one due has a closed interval, and is sealed and sent here if its scorer did not. A notification claimed elsewhere
 * meanwhile is skipped by its claim; one that fails again goes back with a longer backoff.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { settleConcurrently } from '../lib/concurrency/index.js';
import {
  type DeliveryOutcome,
  deliverRecorded,
  duePage,
  FloodControl,
  type FloodPolicy,
  type NotificationKind,
  type RetryPolicy,
} from '../lib/notifications/index.js';
import { SlackGate } from '../lib/slack/index.js';

/** Time kept back at the end of an invoke for the outbox writes after the posts. */
const RESERVE_MS = 5000;
/** Notifications read per query page. */
const PAGE_SIZE = 100;

export interface RetryDueOptions {
  dynamo: DynamoDBDocumentClient;
  table: string;
  webhookUrl: (kind: NotificationKind) => Promise<string | undefined>;
  retry: RetryPolicy;
  /** Posts per channel per minute and the digest interval: records it routes follow them as the scorer's do. */
  flood: FloodPolicy;
  logger: Logger;
  /** Milliseconds the invoke has left. */
  remainingMs: () => number;
  /** Milliseconds the run may spend on Slack (`SLACK_SEND_BUDGET_MS`); never more than the invoke has left. */
  slackBudgetMs: number;
  /** Posts in flight at once (default 8). */
  concurrency?: number;
  now?: () => number;
}

/** What one run did. */
export interface RetryReport extends Record<DeliveryOutcome, number> {
  /** Notifications found due. */
  due: number;
  /** Deliveries that failed on DynamoDB; they stay due and the next run tries again. */
  errors: number;
}

export async function retryDueNotifications(options: RetryDueOptions): Promise<RetryReport> {
  const now = options.now ?? Date.now;
  const start = now();
  const deadline = start + Math.max(0, Math.min(options.slackBudgetMs, options.remainingMs() - RESERVE_MS));
  const store = { dynamo: options.dynamo, table: options.table };
  const ctx = {
    store,
    webhookUrl: options.webhookUrl,
    gate: new SlackGate(),
    deadline,
    retry: options.retry,
    flood: new FloodControl(options.flood),
    logger: options.logger,
    now,
  };
  const report: RetryReport = { due: 0, sent: 0, skipped: 0, deferred: 0, failed: 0, digested: 0, errors: 0 };
  let startKey: Record<string, unknown> | undefined;
  do {
    // Due as of the start of the run: what this run defers is not due again until later.
    const page = await duePage(store, start, PAGE_SIZE, startKey);
    report.due += page.records.length;
    const outcomes = await settleConcurrently(page.records, options.concurrency ?? 8, (record) =>
      deliverRecorded(record, ctx),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') report[outcome.value]++;
      else {
        report.errors++;
        options.logger.error('notification retry failed', { error: outcome.reason });
      }
    }
    startKey = page.nextKey;
  } while (startKey !== undefined && now() < deadline);
  return report;
}
