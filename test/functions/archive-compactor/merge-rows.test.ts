import { describe, expect, it } from 'vitest';
import { mergeArchiveRows } from '../../../functions/archive-compactor/merge-rows.js';
import type { ArchiveRow } from '../../../functions/lib/parquet/index.js';

const row = (partition: number, offset: number, ingestTime: number, topic = 'feedback'): ArchiveRow => ({
  topic,
  partition,
  offset: BigInt(offset),
  timestamp: 1_700_000_000_000 + offset,
  key: null,
  value: `{"n":${offset}}`,
  headers: [],
  ingestTime,
});

describe('mergeArchiveRows', () => {
  it('keeps one row per (topic, partition, offset), the earliest ingested, ordered by coordinates', () => {
    // Prepare: a batch of 0..3 and its bisected retry, written later as 0..1 and 2..3.
    const batch = [row(0, 0, 100), row(0, 1, 100), row(0, 2, 100), row(0, 3, 100)];
    const retryHalves = [
      [row(0, 2, 200), row(0, 3, 200)],
      [row(0, 0, 200), row(0, 1, 200)],
    ];
    const other = [row(1, 0, 150), row(0, 0, 50, 'weather')];

    // Act
    const merged = mergeArchiveRows([...retryHalves, other, batch]);

    // Assess
    expect(merged.rows.map((r) => [r.topic, r.partition, r.offset, r.ingestTime])).toEqual([
      ['feedback', 0, 0n, 100],
      ['feedback', 0, 1n, 100],
      ['feedback', 0, 2n, 100],
      ['feedback', 0, 3n, 100],
      ['feedback', 1, 0n, 150],
      ['weather', 0, 0n, 50],
    ]);
    expect(merged.rowsIn).toBe(10);
    expect(merged.duplicates).toBe(4);
  });

  it('orders offsets numerically, past 2^53', () => {
    // Prepare
    const big = 2n ** 60n;
    const rows = [{ ...row(0, 0, 1), offset: big + 1n }, { ...row(0, 0, 1), offset: big }, row(0, 9, 1)];

    // Act
    const merged = mergeArchiveRows([rows]);

    // Assess
    expect(merged.rows.map((r) => r.offset)).toEqual([9n, big, big + 1n]);
  });
});
