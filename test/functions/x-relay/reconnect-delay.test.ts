import { describe, expect, it } from 'vitest';
import { ConnectionFailure, reconnectDelay } from '../../../functions/x-relay/reconnect-delay.js';
import { backfillFor } from '../../../functions/x-relay/stream-run.js';

describe('reconnectDelay', () => {
  it("follows X's filtered-stream guide: at once after a drop, +250 ms per network failure to 16 s, 5 s doubling to 320 s for HTTP, 1 minute doubling for 429", () => {
    // Act
    const waits = (failure: ConnectionFailure) => [1, 2, 3, 7, 64, 100].map((n) => reconnectDelay(failure, n));

    // Assess
    expect(waits(ConnectionFailure.DROPPED)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(waits(ConnectionFailure.NETWORK)).toEqual([250, 500, 750, 1_750, 16_000, 16_000]);
    expect(waits(ConnectionFailure.HTTP)).toEqual([5_000, 10_000, 20_000, 320_000, 320_000, 320_000]);
    expect(waits(ConnectionFailure.RATE_LIMITED).slice(0, 4)).toEqual([60_000, 120_000, 240_000, 3_840_000]);
  });
});

describe('backfillFor', () => {
  it('asks for the whole minutes since X was last heard from, at least 1 and at most the setting and 5', () => {
    // Prepare
    const at = 1_000_000_000;

    // Act
    const cases = [
      backfillFor(0, at - 30_000, at),
      backfillFor(5, undefined, at),
      backfillFor(5, at - 10_000, at),
      backfillFor(5, at - 61_000, at),
      backfillFor(2, at - 240_000, at),
      backfillFor(5, at - 3_600_000, at),
    ];

    // Assess
    expect(cases).toEqual([0, 0, 1, 2, 2, 5]);
  });
});
