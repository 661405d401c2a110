/**
 * Sends a batch's air-quality alerts through the notifications outbox (functions/lib/
 * notifications), the protocol feedback notifications use: recorded before sending, sent once
 * per key (alert-message.ts), left to the notification-retrier when Slack fails or the batch
 * runs out of time.
 *
 * Flood control: alerts are few by construction (a location reaches a level once a day per
 * source), so the channel may take up to a post a second of them (Slack's webhook rate) before
 * anything would go to a digest.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type DeliveryContext,
  type DeliveryOutcome,
  deliverDraft,
  FloodControl,
  type FloodPolicy,
  type NotificationKind,
  type RetryPolicy,
} from '../lib/notifications/index.js';
import { SlackGate } from '../lib/slack/index.js';
import type { AirAlert } from './air-alerts.js';
import { alertNotification } from './alert-message.js';

/** Kept for the writes after a post, out of the invoke's remaining time. */
const RESERVE_MS = 3000;

export interface AlertSenderOptions {
  dynamo: DynamoDBDocumentClient;
  /** Physical name of the `notifications` table. */
  table: string;
  channel: string;
  webhookUrl: (kind: NotificationKind) => Promise<string | undefined>;
  retry: RetryPolicy;
  flood: FloodPolicy;
  /** Most time one batch spends posting (SLACK_SEND_BUDGET_MS). */
  slackBudgetMs: number;
  now?: () => number;
}

export type AlertSender = (
  alerts: readonly AirAlert[],
  invoke: { remainingMs: number; logger: Logger },
) => Promise<Record<DeliveryOutcome, number>>;

export function alertSender(options: AlertSenderOptions): AlertSender {
  const now = options.now ?? Date.now;
  // Hints kept across the batches of a container; the table decides.
  const flood = new FloodControl({ ...options.flood, postsPerMinute: 60 });
  return async (alerts, { remainingMs, logger }) => {
    const counts: Record<DeliveryOutcome, number> = { sent: 0, skipped: 0, deferred: 0, failed: 0, digested: 0 };
    if (alerts.length === 0) return counts;
    const at = now();
    const ctx: DeliveryContext = {
      store: { dynamo: options.dynamo, table: options.table },
      webhookUrl: options.webhookUrl,
      gate: new SlackGate(),
      deadline: at + Math.max(0, Math.min(options.slackBudgetMs, remainingMs - RESERVE_MS)),
      retry: options.retry,
      flood,
      logger,
      now,
    };
    // One at a time: a handful per batch, in a stable order.
    for (const alert of alerts) counts[await deliverDraft(alertNotification(alert, options.channel), ctx)]++;
    return counts;
  };
}
