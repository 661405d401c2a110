import { describe, expect, it } from 'vitest';
import { watermarkOf } from '../../../../functions/lib/windows/index.js';

const NOW = 1_000_000_000;
const opts = { latenessMs: 100, idleTimeoutMs: 60_000, now: NOW };

describe('watermarkOf', () => {
  it('takes the slowest active partition, so one running ahead makes no other late', () => {
    // Act
    const w = watermarkOf(
      [
        { partition: 0, maxEventTime: 5_000, lastSeen: NOW - 10 },
        { partition: 1, maxEventTime: 2_000, lastSeen: NOW - 10 },
        { partition: 2, maxEventTime: 9_000, lastSeen: NOW - 10 },
      ],
      opts,
    );

    // Assess
    expect(w).toBe(1_900);
  });

  it('leaves out a partition idle for the timeout, as Flink does', () => {
    // Act
    const w = watermarkOf(
      [
        { partition: 0, maxEventTime: 5_000, lastSeen: NOW - 10 },
        { partition: 1, maxEventTime: 2_000, lastSeen: NOW - 60_000 },
      ],
      opts,
    );

    // Assess
    expect(w).toBe(4_900);
  });

  it('holds at the slowest partition when every partition is idle', () => {
    // Act
    const w = watermarkOf(
      [
        { partition: 0, maxEventTime: 5_000, lastSeen: NOW - 70_000 },
        { partition: 1, maxEventTime: 2_000, lastSeen: NOW - 90_000 },
      ],
      opts,
    );

    // Assess
    expect(w).toBe(1_900);
  });

  it('never goes back, even when a slower partition returns', () => {
    // Act
    const w = watermarkOf(
      [
        { partition: 0, maxEventTime: 5_000, lastSeen: NOW },
        { partition: 1, maxEventTime: 1_000, lastSeen: NOW },
      ],
      { ...opts, previous: 4_000 },
    );

    // Assess
    expect(w).toBe(4_000);
    expect(watermarkOf([], { ...opts, previous: 4_000 })).toBe(4_000);
    expect(watermarkOf([], opts)).toBeUndefined();
  });
});
