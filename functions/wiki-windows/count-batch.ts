/**
 * The wiki-windows step over one batch:
 *
 * 1. records → recentchange events; refusals dead-lettered with their reason;
 * 2. the window engine sorts them against each metric's watermark; late ones are dead-lettered
 *    (reason `late`), and those dated too far ahead of their ingestion (reason `future`),
 *    before any count is written, so a failure in between loses nothing;
 * 3. counts applied per (metric, key, window), effectively once; watermarks advanced.
 *
 * Canary events never get here: the trigger's FilterCriteria drops them. Only infrastructure
 * failures (DynamoDB) fail records: each such record's partition resumes from it.
 */

import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DeadLetterReason } from '../lib/dead-letter/reasons.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';
import { batchItemFailures, type KafkaDomainHandler, rejectionOf } from '../lib/middleware/index.js';
import type { WikiChange } from '../lib/wiki/index.js';
import type { WindowCounter, WindowInput } from '../lib/windows/index.js';
import { wikiChangeOf } from './wiki-record.js';

export const WindowMetricName = {
  LATE: 'LateRecords',
  FUTURE: 'FutureRecords',
  AGGREGATES: 'WindowAggregatesWritten',
  WRITES: 'WindowWriteRequests',
} as const;

export interface CountWikiBatchOptions {
  counter: WindowCounter;
  metrics: Metrics;
}

export function countWikiBatch(options: CountWikiBatchOptions): KafkaDomainHandler {
  const { counter, metrics } = options;
  return async (batch, _context, { signal }) => {
    const inputs: WindowInput[] = [];
    const refused: { record: DecodedRecord; reason: DeadLetterReason; detail: string }[] = [];
    for (const record of batch.records) {
      try {
        inputs.push({ record, event: wikiChangeOf(record) });
      } catch (error) {
        const rejection = rejectionOf(error);
        if (rejection === undefined) throw error;
        refused.push({ record, ...rejection });
      }
    }
    const plan = await counter.plan(inputs);
    // Only a batch with late or future records needs their events back for the dead letters' detail.
    const eventOf =
      plan.late.length + plan.future.length === 0
        ? new Map()
        : new Map(inputs.map((i) => [i.record, i.event as WikiChange]));
    await Promise.all([
      ...refused.map(({ record, reason, detail }) => batch.deadLetter(record, reason, detail)),
      ...plan.late.map((record) =>
        batch.deadLetter(record, DeadLetterReason.LATE, lateDetail(record, eventOf.get(record), plan.states)),
      ),
      ...plan.future.map((record) =>
        batch.deadLetter(record, DeadLetterReason.FUTURE, futureDetail(record, eventOf.get(record))),
      ),
    ]);
    const result = await counter.apply(plan, signal ? { signal } : {});
    metrics.addMetric(WindowMetricName.LATE, MetricUnit.Count, plan.late.length);
    metrics.addMetric(WindowMetricName.FUTURE, MetricUnit.Count, plan.future.length);
    metrics.addMetric(WindowMetricName.AGGREGATES, MetricUnit.Count, result.aggregates);
    metrics.addMetric(WindowMetricName.WRITES, MetricUnit.Count, result.writes);
    if (result.failed.length === 0) return undefined;
    if (!batch.reportsItemFailures) throw result.failed[0]!.error;
    const response = batchItemFailures(result.failed.map((f) => f.record));
    batch.logger.warn('window counts failed; their partitions resume from the first of them', {
      failed: result.failed.length,
      resume: response.batchItemFailures.map((f) => f.itemIdentifier),
      error: result.failed[0]!.error,
    });
    return response;
  };
}

function lateDetail(
  record: DecodedRecord,
  event: WikiChange | undefined,
  states: ReadonlyMap<string, { watermark: number | undefined }>,
): string {
  const watermarks = [...states].map(
    ([m, s]) => `${m} ${s.watermark === undefined ? '-' : new Date(s.watermark).toISOString()}`,
  );
  const at = event === undefined ? '?' : new Date(event.timestamp * 1000).toISOString();
  return `${record.coordinates} event time ${at} is behind the watermark (${watermarks.join(', ')})`;
}

function futureDetail(record: DecodedRecord, event: WikiChange | undefined): string {
  const at = event === undefined ? '?' : new Date(event.timestamp * 1000).toISOString();
  const ingested = new Date(Math.min(record.timestamp, Date.now())).toISOString();
  return `${record.coordinates} event time ${at} is too far ahead of its ingestion at ${ingested}`;
}
