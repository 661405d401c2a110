import { describe, expect, it } from 'vitest';
import {
  type BatchLimits,
  type PartitionBacklog,
  planBatch,
  type QueuedRecord,
} from '../../../../infra/local/esm/batch-assembly.js';
import { partitionEntryBytes } from '../../../../infra/local/esm/payload-size.js';

const limits: BatchLimits = { batchSize: 10, maxPayloadBytes: 6_291_456, windowMs: 500, envelopeBytes: 150 };

function queue(key: string, count: number, options: { arrivedAt?: number; bytes?: number; busy?: boolean } = {}) {
  const records: QueuedRecord[] = Array.from({ length: count }, (_, i) => ({
    bytes: options.bytes ?? 100,
    arrivedAt: (options.arrivedAt ?? 0) + i,
  }));
  return { key, records, busy: options.busy ?? false } satisfies PartitionBacklog;
}

describe('planBatch', () => {
  it('takes nothing from a held partition, however old its records, and everything once it is released', () => {
    // Prepare
    const held = { ...queue('t-0', 4, { arrivedAt: 0 }), held: true };
    const other = queue('t-1', 3, { arrivedAt: 900 });

    // Act
    const holding = planBatch([held, other], limits, 10_000);
    const released = planBatch([{ ...held, held: false }, other], limits, 10_000);

    // Assess
    expect(holding).toMatchObject({ kind: 'invoke', takes: [{ key: 't-1', count: 3 }] });
    expect(released).toMatchObject({
      kind: 'invoke',
      takes: [
        { key: 't-0', count: 4 },
        { key: 't-1', count: 3 },
      ],
    });
    expect(planBatch([held], limits, 10_000)).toEqual({ kind: 'idle' });
  });

  it('is idle when nothing waits outside busy partitions', () => {
    // Prepare
    const backlogs = [queue('t-0', 0), queue('t-1', 5, { busy: true })];

    // Act
    const plan = planBatch(backlogs, limits, 10_000);

    // Assess
    expect(plan).toEqual({ kind: 'idle' });
  });

  it('waits for the batching window while the batch is not full', () => {
    // Prepare
    const backlogs = [queue('t-0', 3, { arrivedAt: 1_000 })];

    // Act
    const early = planBatch(backlogs, limits, 1_200);
    const due = planBatch(backlogs, limits, 1_500);

    // Assess
    expect(early).toEqual({ kind: 'wait', until: 1_500 });
    expect(due).toMatchObject({ kind: 'invoke', takes: [{ key: 't-0', count: 3 }], records: 3 });
  });

  it('invokes at once with a window of 0', () => {
    // Act
    const plan = planBatch([queue('t-0', 1, { arrivedAt: 1_000 })], { ...limits, windowMs: 0 }, 1_000);

    // Assess
    expect(plan).toMatchObject({ kind: 'invoke', records: 1 });
  });

  it('invokes as soon as batchSize records wait, and takes no more than batchSize', () => {
    // Prepare
    const backlogs = [queue('t-0', 25, { arrivedAt: 1_000 })];

    // Act
    const plan = planBatch(backlogs, limits, 1_000);

    // Assess
    expect(plan).toMatchObject({ kind: 'invoke', takes: [{ key: 't-0', count: 10 }], records: 10 });
  });

  it('mixes partitions, oldest head first, each a prefix of its queue', () => {
    // Prepare
    const backlogs = [
      queue('t-0', 4, { arrivedAt: 2_000 }),
      queue('t-1', 4, { arrivedAt: 1_000 }),
      queue('t-2', 4, { arrivedAt: 3_000 }),
    ];

    // Act
    const plan = planBatch(backlogs, limits, 1_000);

    // Assess
    expect(plan).toMatchObject({
      kind: 'invoke',
      takes: [
        { key: 't-1', count: 4 },
        { key: 't-0', count: 4 },
        { key: 't-2', count: 2 },
      ],
      records: 10,
    });
  });

  it('never takes records of a partition with a batch in flight', () => {
    // Prepare
    const backlogs = [queue('t-0', 20, { arrivedAt: 0, busy: true }), queue('t-1', 3, { arrivedAt: 5 })];

    // Act
    const plan = planBatch(backlogs, limits, 10_000);

    // Assess
    expect(plan).toMatchObject({ kind: 'invoke', takes: [{ key: 't-1', count: 3 }] });
  });

  it('counts the window from the oldest record of a partition that was busy', () => {
    // Prepare: t-0's records arrived long ago while its previous batch ran.
    const backlogs = [queue('t-0', 2, { arrivedAt: 0 })];

    // Act
    const plan = planBatch(backlogs, limits, 600);

    // Assess
    expect(plan.kind).toBe('invoke');
  });

  it('cuts the batch before the payload would exceed the limit, and invokes it as full', () => {
    // Prepare: each record is 1 MB; envelope + partition entry + 6 records (+ commas) fits, a 7th does not.
    const mb = 1_000_000;
    const backlogs = [queue('t-0', 10, { arrivedAt: 1_000, bytes: mb })];

    // Act
    const plan = planBatch(backlogs, { ...limits, windowMs: 60_000 }, 1_000);

    // Assess
    expect(plan).toMatchObject({ kind: 'invoke', takes: [{ key: 't-0', count: 6 }], records: 6 });
    if (plan.kind !== 'invoke') throw new Error('expected an invoke');
    expect(plan.bytes).toBe(limits.envelopeBytes + partitionEntryBytes('t-0') + 6 * mb + 5);
    expect(plan.bytes).toBeLessThanOrEqual(limits.maxPayloadBytes);
  });

  it('fills a size-limited batch from other partitions when their records still fit', () => {
    // Prepare
    const mb = 1_000_000;
    const backlogs = [
      queue('t-0', 10, { arrivedAt: 1_000, bytes: 2.5 * mb }),
      queue('t-1', 10, { arrivedAt: 1_001, bytes: 1_000 }),
    ];

    // Act
    const plan = planBatch(backlogs, limits, 1_000);

    // Assess: a third 2.5 MB record would not fit; the remaining room takes small records of t-1.
    expect(plan).toMatchObject({
      kind: 'invoke',
      takes: [
        { key: 't-0', count: 2 },
        { key: 't-1', count: 8 },
      ],
    });
  });

  it('reports a record that alone exceeds the payload limit instead of waiting forever', () => {
    // Prepare
    const backlogs = [queue('t-0', 2, { arrivedAt: 1_000 }), queue('t-1', 1, { arrivedAt: 0, bytes: 6_291_456 })];

    // Act
    const plan = planBatch(backlogs, limits, 1_000);

    // Assess
    expect(plan).toEqual({ kind: 'oversized', key: 't-1' });
  });

  it('accepts a record that exactly fills the payload', () => {
    // Prepare
    const bytes = limits.maxPayloadBytes - limits.envelopeBytes - partitionEntryBytes('t-0');
    const backlogs = [queue('t-0', 2, { arrivedAt: 0, bytes })];

    // Act
    const plan = planBatch(backlogs, limits, 0);

    // Assess
    expect(plan).toMatchObject({ kind: 'invoke', takes: [{ key: 't-0', count: 1 }], bytes: limits.maxPayloadBytes });
  });
});
