import { describe, expect, it } from 'vitest';
import { watermarkOf } from '../../../../functions/lib/windows/index.js';

const NOW = 1_000_000_000;
// partitions 0: only the partitions listed hold the watermark (the rules for undelivered ones are tested below).
const opts = { latenessMs: 100, idleTimeoutMs: 60_000, now: NOW, partitions: 0, firstDeliveryAt: NOW - 100_000 };

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

  it('is held by a partition of the topic that has not delivered yet, until the idle timeout since the first delivery', () => {
    // Prepare: partitions 0 and 1 delivered an hour of events; partition 2 has not delivered yet.
    const progress = [
      { partition: 0, maxEventTime: 3_600_000, lastSeen: NOW },
      { partition: 1, maxEventTime: 3_500_000, lastSeen: NOW },
    ];
    const three = { ...opts, partitions: 3 };

    // Act
    const early = watermarkOf(progress, { ...three, firstDeliveryAt: NOW - 59_999 });
    const idle = watermarkOf(progress, { ...three, firstDeliveryAt: NOW - 60_000 });

    // Assess
    expect(early).toBeUndefined();
    expect(watermarkOf(progress, { ...three, firstDeliveryAt: NOW - 59_999, previous: 7 })).toBe(7);
    expect(idle).toBe(3_500_000 - 100);
  });

  it('is held by a partition that delivered but has no event time yet (its records failed) while it keeps delivering', () => {
    // Act
    const w = watermarkOf(
      [
        { partition: 0, maxEventTime: 5_000, lastSeen: NOW },
        { partition: 1, lastSeen: NOW - 59_000 },
      ],
      { ...opts, partitions: 2 },
    );

    // Assess
    expect(w).toBeUndefined();
  });

  it('counts partitions beyond the declared count that delivered (a topic given more partitions)', () => {
    // Act
    const w = watermarkOf(
      [
        { partition: 0, maxEventTime: 5_000, lastSeen: NOW },
        { partition: 3, maxEventTime: 2_000, lastSeen: NOW },
      ],
      { ...opts, partitions: 1 },
    );

    // Assess: partitions 1 and 2 never delivered and went idle long ago (firstDeliveryAt is 100 s back).
    expect(w).toBe(1_900);
  });
});
