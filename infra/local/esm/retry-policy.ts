/**
 * What happens to records whose invoke failed, following Lambda's error handling controls
 * for Kafka event sources (MaximumRetryAttempts, MaximumRecordAgeInSeconds,
 * BisectBatchOnFunctionError, ReportBatchItemFailures). Pure: the mapping applies it.
 *
 * - Without retry controls a failing batch is retried until it succeeds (MSK's default).
 * - MaximumRetryAttempts counts retries, not the first invoke; -1 is unlimited, except that
 *   Lambda caps it at 10 when an on-failure destination is configured ("When you configure
 *   both infinite retries and an on-failure destination, Lambda automatically applies a
 *   maximum of 10 retry attempts").
 * - Records older than MaximumRecordAgeInSeconds (by record timestamp) are not retried; they
 *   go to the destination as `MaximumRecordAgeExceeded`.
 * - BisectBatchOnFunctionError splits a batch that failed with an error into two halves,
 *   run one after the other (first half first, so order holds per partition). The split
 *   itself does not use up a retry ("Splitting batches doesn't consume the retry quota",
 *   Lambda docs for stream sources); a half that cannot be split further is retried and
 *   those retries count.
 * - A partial failure (batchItemFailures) is a failed attempt for the records from the
 *   reported offset on; it is retried, never bisected.
 */

/** The error handling controls in force for a mapping. */
export interface RetryControls {
  /** Retries after the first invoke; -1 = unlimited. */
  maximumRetryAttempts: number;
  /** Records older than this are not retried; -1 = no limit. */
  maximumRecordAgeSeconds: number;
  /** Split a batch that failed with a function error. */
  bisectBatchOnFunctionError: boolean;
}

/** Retry caps Lambda applies to infinite retries when an on-failure destination is set. */
export const RETRIES_WITH_DESTINATION = 10;

/** The controls Lambda applies for a trigger's `retry` block and destination. */
export function retryControlsOf(retry: RetryControls | undefined, hasDestination: boolean): RetryControls {
  const controls = retry ?? {
    maximumRetryAttempts: -1,
    maximumRecordAgeSeconds: -1,
    bisectBatchOnFunctionError: false,
  };
  return controls.maximumRetryAttempts === -1 && hasDestination
    ? { ...controls, maximumRetryAttempts: RETRIES_WITH_DESTINATION }
    : { ...controls };
}

/** How the invoke failed. */
export const FailureKind = {
  /** The handler threw, timed out or returned an unreadable batch response. */
  FUNCTION_ERROR: 'function-error',
  /** The handler reported some records in `batchItemFailures`. */
  PARTIAL: 'partial',
} as const;
export type FailureKind = (typeof FailureKind)[keyof typeof FailureKind];

/** Records to invoke again, with the retries already spent on them. */
export interface RetryUnit<R> {
  records: R[];
  /** Retries already used (0 for a first delivery or a fresh half of a split). */
  retriesUsed: number;
  /** Wait before invoking, ms. */
  delayMs: number;
}

export interface RetryDecision<R> {
  /** Too old to retry: to the destination as `MaximumRecordAgeExceeded`. */
  expired: R[];
  /** Out of retries: to the destination as `RetryAttemptsExhausted`. */
  exhausted: R[];
  /** To invoke next, in this order, before anything else of their partitions. */
  next: RetryUnit<R>[];
}

export interface FailedRecords<R> {
  /** The records that failed, in payload order (partition by partition, offsets ascending). */
  records: readonly R[];
  /** Retries already used on them. */
  retriesUsed: number;
  kind: FailureKind;
}

export interface RetryTiming {
  /** Current time, epoch ms (compared with record timestamps). */
  now: number;
  /** Backoff between retries: doubling from `initial`, at most `max`. */
  backoffMs: { initial: number; max: number };
}

export function decideRetry<R extends { timestamp: number }>(
  failed: FailedRecords<R>,
  controls: RetryControls,
  timing: RetryTiming,
): RetryDecision<R> {
  const expired: R[] = [];
  const fresh: R[] = [];
  const maxAgeMs = controls.maximumRecordAgeSeconds * 1000;
  for (const record of failed.records) {
    if (controls.maximumRecordAgeSeconds >= 0 && timing.now - record.timestamp > maxAgeMs) expired.push(record);
    else fresh.push(record);
  }
  if (fresh.length === 0) return { expired, exhausted: [], next: [] };
  if (failed.kind === FailureKind.FUNCTION_ERROR && controls.bisectBatchOnFunctionError && fresh.length > 1) {
    const half = Math.ceil(fresh.length / 2);
    return {
      expired,
      exhausted: [],
      next: [
        { records: fresh.slice(0, half), retriesUsed: failed.retriesUsed, delayMs: 0 },
        { records: fresh.slice(half), retriesUsed: failed.retriesUsed, delayMs: 0 },
      ],
    };
  }
  if (controls.maximumRetryAttempts >= 0 && failed.retriesUsed >= controls.maximumRetryAttempts) {
    return { expired, exhausted: fresh, next: [] };
  }
  return {
    expired,
    exhausted: [],
    next: [
      {
        records: fresh,
        retriesUsed: failed.retriesUsed + 1,
        delayMs: backoffDelay(failed.retriesUsed, timing.backoffMs),
      },
    ],
  };
}

/** Wait before retry number `retriesUsed + 1`: `initial`, then doubling, capped at `max`. */
export function backoffDelay(retriesUsed: number, backoff: { initial: number; max: number }): number {
  return Math.min(backoff.max, backoff.initial * 2 ** Math.min(retriesUsed, 30));
}
