/**
 * The scorer's step over one batch:
 *
 * 1. records → feedback, refusals dead-lettered with their reason (`scoreRecords`);
 * 2. every valid text scored in one model run, by the model current when the batch starts (a
 *    newly published model is checked for and swapped in only between batches);
 * 3. the items written in batched requests, never over a later record's (`writeScoredFeedback`);
 * 4. the written items counted per source × sentiment band in event-time windows (the window
 *    engine; `feedback-by-band-*` metrics). Feedback behind a watermark, or dated too far
 *    ahead of its ingestion, is still stored and notified, only left out of the counts (and
 *    counted as late or future, in the metric and in the metric's state);
 * 5. notifications through the outbox (`deliverDraft`): recorded before sending, sent once per
 *    (feedback id, channel), as a post of their own up to the channel's posts per minute, else
 *    in the channel's digest for the interval (functions/lib/notifications/digest.ts). Slack
 *    failures are recorded for the retrier, never a batch failure;
 * 6. the digests this container filled whose interval has closed are sent (the retrier sends
 *    them otherwise, so a failure here is only logged).
 *
 * Only infrastructure failures (DynamoDB) fail records: each such record's partition resumes
 * from it (`batchItemFailures`), and notifications of records at or after that offset wait for
 * the redelivery. Everything is idempotent, so redelivered records change nothing twice.
 */

import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { settleConcurrently } from '../lib/concurrency/index.js';
import { type DecodedRecord, partitionKey } from '../lib/kafka-event/index.js';
import { batchItemFailures, type KafkaDomainHandler } from '../lib/middleware/index.js';
import type { LiveModel } from '../lib/model-store/index.js';
import {
  type DeliveryContext,
  type DeliveryOutcome,
  deliverClosedDigests,
  deliverDraft,
  type FeedbackNotificationKind,
  FloodControl,
  type NotificationKind,
} from '../lib/notifications/index.js';
import { SlackGate } from '../lib/slack/index.js';
import type { WindowCounter } from '../lib/windows/index.js';
import type { ScorerConfig } from './config.js';
import { type FeedbackStore, writeScoredFeedback } from './feedback-store.js';
import { DELIVERY_METRIC, FeedbackMetric } from './metrics.js';
import { feedbackNotification } from './notification-message.js';
import { type ScoredRecord, scoreRecords } from './score-records.js';
import type { SentimentBandOf, SentimentModel } from './scored-feedback.js';

/** Time kept back from Slack at the end of an invoke, for the outbox writes after the posts. */
const RESERVE_MS = 3000;

export interface ScoreFeedbackBatchOptions {
  /**
   * Lends each batch the model current at its start, for the whole batch (a `LiveModel` from
   * functions/lib/model-store; `{ use: (fn) => fn(model) }` for one that never changes).
   */
  model: Pick<LiveModel<SentimentModel>, 'use'>;
  band: SentimentBandOf;
  config: ScorerConfig;
  dynamo: DynamoDBDocumentClient;
  /** Webhook URL per notification kind (default in the handler: the `slack-webhooks` secret). */
  webhookUrl: (kind: NotificationKind) => Promise<string | undefined>;
  metrics: Metrics;
  /** Counts written feedback per source × band in windows (the metrics infra/pipeline.ts gives this function). */
  counter?: WindowCounter;
  /** DynamoDB batch requests in flight at once (default 8). */
  writeConcurrency?: number;
  /** Notifications in flight at once (default 8). */
  notifyConcurrency?: number;
  now?: () => number;
}

export function scoreFeedbackBatch(options: ScoreFeedbackBatchOptions): KafkaDomainHandler {
  const { config, metrics } = options;
  const now = options.now ?? Date.now;
  const feedbackStore: FeedbackStore = { dynamo: options.dynamo, table: config.feedbackTable };
  const notificationStore = { dynamo: options.dynamo, table: config.notificationsTable };
  // Hints kept across the batches of a container (the table decides; see FloodControl).
  const flood = new FloodControl(config.flood);

  return async (batch, context, { signal }) => {
    const { scored, refused } = await options.model.use(async (model) => {
      const started = performance.now();
      const scoring = await scoreRecords(batch.records, {
        model,
        band: options.band,
        thresholds: config.thresholds,
        ttlDays: config.ttlDays,
      });
      metrics.addMetric(FeedbackMetric.SCORING_TIME, MetricUnit.Milliseconds, performance.now() - started);
      return scoring;
    });
    await Promise.all(refused.map(({ record, reason, detail }) => batch.deadLetter(record, reason, detail)));

    const failed: { record: DecodedRecord; error: unknown }[] = [];
    const writeConcurrency = options.writeConcurrency ?? 8;
    const writes = await writeScoredFeedback(
      feedbackStore,
      scored.map((s) => s.item),
      { concurrency: writeConcurrency, ...(signal ? { signal } : {}) },
    );
    const written: ScoredRecord[] = [];
    let superseded = 0;
    writes.forEach((write, i) => {
      const s = scored[i] as ScoredRecord;
      if (write === 'written') written.push(s);
      else if (write === 'superseded') superseded++;
      else failed.push({ record: s.record, error: write });
    });
    metrics.addMetric(FeedbackMetric.SCORED, MetricUnit.Count, written.length + superseded);
    metrics.addMetric(FeedbackMetric.SUPERSEDED, MetricUnit.Count, superseded);
    metrics.addMetric(
      FeedbackMetric.UNKNOWN_SOURCE,
      MetricUnit.Count,
      written.filter((s) => !s.item.sourceKnown).length,
    );

    if (options.counter && written.length > 0) {
      const failedBefore = lowestOffsets(failed.map((f) => f.record));
      const countable = written.filter((s) => {
        const from = failedBefore.get(partitionKey(s.record.topic, s.record.partition));
        return from === undefined || s.record.offset < from;
      });
      const plan = await options.counter.plan(countable.map((s) => ({ record: s.record, event: s.item })));
      const counted = await options.counter.apply(plan, signal ? { signal } : {});
      failed.push(...counted.failed);
      metrics.addMetric(FeedbackMetric.LATE_FOR_COUNTS, MetricUnit.Count, plan.late.length);
      metrics.addMetric(FeedbackMetric.FUTURE_FOR_COUNTS, MetricUnit.Count, plan.future.length);
      if (plan.future.length > 0) {
        batch.logger.warn('feedback dated too far ahead of its ingestion is left out of the counts', {
          records: plan.future.map((r) => r.coordinates),
        });
      }
    }

    // A record at or after a failed offset is delivered again; its notification waits for that.
    const resumeAt = lowestOffsets(failed.map((f) => f.record));
    const toNotify = written.filter((s) => {
      if (s.notify === undefined) return false;
      const from = resumeAt.get(partitionKey(s.record.topic, s.record.partition));
      return from === undefined || s.record.offset < from;
    });
    const at = now();
    const ctx: DeliveryContext = {
      store: notificationStore,
      webhookUrl: options.webhookUrl,
      gate: new SlackGate(),
      deadline: at + Math.max(0, Math.min(config.slackBudgetMs, context.getRemainingTimeInMillis() - RESERVE_MS)),
      retry: config.retry,
      flood,
      logger: batch.logger,
      now,
    };
    if (toNotify.length > 0) {
      const deliveries = await settleConcurrently(toNotify, options.notifyConcurrency ?? 8, (s) => {
        const kind = s.notify as FeedbackNotificationKind;
        return deliverDraft(feedbackNotification(s.item, kind, config.channels[kind]), ctx);
      });
      const counts: Record<DeliveryOutcome, number> = { sent: 0, skipped: 0, deferred: 0, failed: 0, digested: 0 };
      deliveries.forEach((delivery, i) => {
        if (delivery.status === 'fulfilled') counts[delivery.value]++;
        else failed.push({ record: (toNotify[i] as ScoredRecord).record, error: delivery.reason });
      });
      for (const [outcome, count] of Object.entries(counts)) {
        metrics.addMetric(DELIVERY_METRIC[outcome as DeliveryOutcome], MetricUnit.Count, count);
      }
    }
    try {
      const digests = await deliverClosedDigests(ctx);
      metrics.addMetric(FeedbackMetric.DIGESTS_SENT, MetricUnit.Count, digests.filter((d) => d === 'sent').length);
    } catch (error) {
      batch.logger.warn('closed digests not sent; the notification-retrier will', { error });
    }

    if (failed.length === 0) return undefined;
    if (!batch.reportsItemFailures) throw failed[0]!.error;
    const response = batchItemFailures(failed.map((f) => f.record));
    batch.logger.warn('records failed; their partitions resume from the first of them', {
      failed: failed.length,
      resume: response.batchItemFailures.map((f) => f.itemIdentifier),
      error: failed[0]!.error,
    });
    return response;
  };
}

function lowestOffsets(records: readonly DecodedRecord[]): Map<string, number> {
  const lowest = new Map<string, number>();
  for (const r of records) {
    const key = partitionKey(r.topic, r.partition);
    const current = lowest.get(key);
    if (current === undefined || r.offset < current) lowest.set(key, r.offset);
  }
  return lowest;
}
