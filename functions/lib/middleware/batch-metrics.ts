/**
 * `batchMetrics()`: counts what became of each record of the invoke, as Powertools metrics
 * and one summary log line. Use it after `logMetrics` and before `kafkaBatch`, so its after
 * phase runs once the handler's response is checked and before the metrics are flushed.
 *
 * Every invoke satisfies RecordsReceived = RecordsProcessed + RecordsDeadLettered + RecordsRetried:
 * - RecordsRetried: records Lambda delivers again: those at or after an offset the handler
 *   reported in `batchItemFailures`, or every record when the invoke fails.
 * - RecordsDeadLettered: dead letters written, minus those of retried records (their retry
 *   writes them again). Emitted once without dimensions and once per reason with a `reason`
 *   dimension. EMF dimensions apply to every metric of a document, so the per-reason counts go
 *   out as separate single-metric documents instead of a dimension on the shared buffer.
 * - An event that is not a Kafka event counts as InvalidEvents.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { DeadLetterReason } from '../dead-letter/index.js';
import { partitionKey } from '../kafka-event/index.js';
import { type KafkaHandlerResult, resumeOffsets } from './batch-item-failures.js';
import { kafkaBatchState } from './kafka-batch.js';
import type { KafkaBatchState, ReceivedPosition } from './types.js';

/** Metric names every Kafka handler emits. */
export const KafkaMetric = {
  RECORDS_RECEIVED: 'RecordsReceived',
  RECORDS_PROCESSED: 'RecordsProcessed',
  RECORDS_DEAD_LETTERED: 'RecordsDeadLettered',
  RECORDS_RETRIED: 'RecordsRetried',
  INVALID_EVENTS: 'InvalidEvents',
} as const;
export type KafkaMetric = (typeof KafkaMetric)[keyof typeof KafkaMetric];

/** Dimension of the per-reason `RecordsDeadLettered` counts. */
export const REASON_DIMENSION = 'reason';

/** What became of the records of one invoke. */
export interface BatchCounts {
  /** Records in the event. */
  received: number;
  /** Records whose effects are done. */
  processed: number;
  /** Records dead-lettered for good (not retried). */
  deadLettered: number;
  /** Records Lambda will deliver again. */
  retried: number;
  /** `deadLettered` by reason; reasons with no records are left out. */
  deadLetteredByReason: Partial<Record<DeadLetterReason, number>>;
}

/** Counts an invoke's records from the batch state and the handler's result (`failed`: the invoke threw). */
export function batchCounts(state: KafkaBatchState, result: KafkaHandlerResult, failed: boolean): BatchCounts {
  const resume = resumeOffsets(failed ? undefined : result);
  const isRetried = (position: ReceivedPosition): boolean => {
    if (failed) return true;
    const from = resume.get(position.partition);
    return from !== undefined && position.offset !== null && position.offset >= from;
  };
  const positions: ReceivedPosition[] = [
    ...state.batch.records.map((record) => ({
      partition: partitionKey(record.topic, record.partition),
      offset: record.offset,
    })),
    ...state.undecodable,
  ];
  const retried = positions.filter(isRetried).length;
  const deadLetteredByReason: Partial<Record<DeadLetterReason, number>> = {};
  let deadLettered = 0;
  for (const letter of state.deadLettered.values()) {
    if (isRetried(letter)) continue;
    deadLettered++;
    deadLetteredByReason[letter.reason] = (deadLetteredByReason[letter.reason] ?? 0) + 1;
  }
  const received = state.batch.received;
  return { received, processed: received - deadLettered - retried, deadLettered, retried, deadLetteredByReason };
}

export interface BatchMetricsOptions {
  /** Where the counts go; flushed by `logMetrics`. */
  metrics: Metrics;
  /** Where the summary line goes. */
  logger: Logger;
}

type KafkaRequest = Request<unknown, KafkaHandlerResult, Error, Context, Record<string, unknown>>;

export function batchMetrics(options: BatchMetricsOptions): MiddlewareObj<unknown, KafkaHandlerResult> {
  const { metrics, logger } = options;

  const emit = (counts: BatchCounts): void => {
    metrics.addMetric(KafkaMetric.RECORDS_RECEIVED, MetricUnit.Count, counts.received);
    metrics.addMetric(KafkaMetric.RECORDS_PROCESSED, MetricUnit.Count, counts.processed);
    metrics.addMetric(KafkaMetric.RECORDS_DEAD_LETTERED, MetricUnit.Count, counts.deadLettered);
    metrics.addMetric(KafkaMetric.RECORDS_RETRIED, MetricUnit.Count, counts.retried);
    for (const [reason, count] of Object.entries(counts.deadLetteredByReason)) {
      metrics
        .singleMetric()
        .addDimension(REASON_DIMENSION, reason)
        .addMetric(KafkaMetric.RECORDS_DEAD_LETTERED, MetricUnit.Count, count);
    }
  };

  const batchMetricsAfter = (request: KafkaRequest): void => {
    const state = kafkaBatchState(request);
    if (state === undefined) return;
    const counts = batchCounts(state, request.response ?? undefined, false);
    emit(counts);
    logger.info('batch done', { ...counts, partitions: state.batch.partitions });
  };

  const batchMetricsOnError = (request: KafkaRequest): void => {
    const state = kafkaBatchState(request);
    if (state === undefined) {
      metrics.addMetric(KafkaMetric.INVALID_EVENTS, MetricUnit.Count, 1);
      logger.error('invoke failed before its batch was read', { error: request.error });
      return;
    }
    const counts = batchCounts(state, undefined, true);
    emit(counts);
    logger.error('batch failed; Lambda will deliver it again', {
      ...counts,
      partitions: state.batch.partitions,
      error: request.error,
    });
  };

  return {
    name: 'batchMetrics',
    after: batchMetricsAfter as MiddlewareObj<unknown, KafkaHandlerResult>['after'],
    onError: batchMetricsOnError as MiddlewareObj<unknown, KafkaHandlerResult>['onError'],
  };
}
