import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  decideRetry,
  FailureKind,
  RETRIES_WITH_DESTINATION,
  type RetryControls,
  retryControlsOf,
} from '../../../../infra/local/esm/retry-policy.js';

const NOW = 1_718_712_000_000;
const timing = { now: NOW, backoffMs: { initial: 100, max: 5_000 } };

function records(count: number, ageSeconds = 0) {
  return Array.from({ length: count }, (_, i) => ({ id: i, timestamp: NOW - ageSeconds * 1000 }));
}

function controls(overrides: Partial<RetryControls> = {}): RetryControls {
  return { maximumRetryAttempts: -1, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: false, ...overrides };
}

describe('retryControlsOf', () => {
  it('retries forever without retry controls and without a destination (MSK default)', () => {
    expect(retryControlsOf(undefined, false)).toEqual(controls());
  });

  it('caps infinite retries at 10 when an on-failure destination is configured', () => {
    expect(retryControlsOf(undefined, true).maximumRetryAttempts).toBe(RETRIES_WITH_DESTINATION);
    expect(retryControlsOf(controls({ maximumRetryAttempts: 3 }), true).maximumRetryAttempts).toBe(3);
  });
});

describe('decideRetry', () => {
  it('retries the whole batch with backoff while retries remain', () => {
    // Prepare
    const failed = { records: records(4), retriesUsed: 0, kind: FailureKind.FUNCTION_ERROR };

    // Act
    const decision = decideRetry(failed, controls({ maximumRetryAttempts: 2 }), timing);

    // Assess
    expect(decision.expired).toEqual([]);
    expect(decision.exhausted).toEqual([]);
    expect(decision.next).toEqual([{ records: failed.records, retriesUsed: 1, delayMs: 100 }]);
  });

  it('gives the batch up once the retries are used', () => {
    // Prepare
    const failed = { records: records(4), retriesUsed: 2, kind: FailureKind.FUNCTION_ERROR };

    // Act
    const decision = decideRetry(failed, controls({ maximumRetryAttempts: 2 }), timing);

    // Assess
    expect(decision.exhausted).toEqual(failed.records);
    expect(decision.next).toEqual([]);
  });

  it('gives up at once with maximumRetryAttempts 0', () => {
    const decision = decideRetry(
      { records: records(1), retriesUsed: 0, kind: FailureKind.FUNCTION_ERROR },
      controls({ maximumRetryAttempts: 0 }),
      timing,
    );
    expect(decision.exhausted).toHaveLength(1);
  });

  it('retries forever with -1', () => {
    const decision = decideRetry(
      { records: records(2), retriesUsed: 9_999, kind: FailureKind.FUNCTION_ERROR },
      controls(),
      timing,
    );
    expect(decision.next).toEqual([{ records: expect.any(Array), retriesUsed: 10_000, delayMs: 5_000 }]);
  });

  it('sends records older than the maximum age to the destination and retries the rest', () => {
    // Prepare
    const old = records(2, 120);
    const fresh = records(2, 10);

    // Act
    const decision = decideRetry(
      { records: [...old, ...fresh], retriesUsed: 0, kind: FailureKind.FUNCTION_ERROR },
      controls({ maximumRecordAgeSeconds: 60 }),
      timing,
    );

    // Assess
    expect(decision.expired).toEqual(old);
    expect(decision.next[0]?.records).toEqual(fresh);
  });

  it('bisects a failing batch into halves run in order, without using a retry', () => {
    // Prepare
    const failed = { records: records(5), retriesUsed: 1, kind: FailureKind.FUNCTION_ERROR };

    // Act
    const decision = decideRetry(
      failed,
      controls({ maximumRetryAttempts: 1, bisectBatchOnFunctionError: true }),
      timing,
    );

    // Assess
    expect(decision.next).toEqual([
      { records: failed.records.slice(0, 3), retriesUsed: 1, delayMs: 0 },
      { records: failed.records.slice(3), retriesUsed: 1, delayMs: 0 },
    ]);
  });

  it('retries a single record that cannot be split, and then gives it up', () => {
    // Prepare
    const bisect = controls({ maximumRetryAttempts: 1, bisectBatchOnFunctionError: true });

    // Act
    const first = decideRetry(
      { records: records(1), retriesUsed: 0, kind: FailureKind.FUNCTION_ERROR },
      bisect,
      timing,
    );
    const second = decideRetry(
      { records: records(1), retriesUsed: 1, kind: FailureKind.FUNCTION_ERROR },
      bisect,
      timing,
    );

    // Assess
    expect(first.next).toEqual([{ records: expect.any(Array), retriesUsed: 1, delayMs: 100 }]);
    expect(second.exhausted).toHaveLength(1);
  });

  it('never bisects a partial failure', () => {
    const decision = decideRetry(
      { records: records(4), retriesUsed: 0, kind: FailureKind.PARTIAL },
      controls({ bisectBatchOnFunctionError: true }),
      timing,
    );
    expect(decision.next).toHaveLength(1);
    expect(decision.next[0]?.records).toHaveLength(4);
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the maximum', () => {
    const delays = [0, 1, 2, 3, 6, 100].map((n) => backoffDelay(n, { initial: 100, max: 5_000 }));
    expect(delays).toEqual([100, 200, 400, 800, 5_000, 5_000]);
  });
});
