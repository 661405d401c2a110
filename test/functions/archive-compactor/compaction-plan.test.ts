import { describe, expect, it } from 'vitest';
import {
  archivePartitionOf,
  compactionPlan,
  isSettled,
  type ListedObject,
  mergeKeys,
} from '../../../functions/archive-compactor/compaction-plan.js';

const NOW = Date.UTC(2025, 5, 2, 12);
const HOUR = 3_600_000;
const DAY_1 = 'raw/topic=feedback/dt=2025-06-01/';
const WIKI_EN = 'raw/topic=wiki-changes/dt=2025-06-01/server_name=en.wikipedia.org/';

const object = (key: string, size = 1000, ageMs = 2 * HOUR): ListedObject => ({ key, size, lastModified: NOW - ageMs });
const plan = (listing: ListedObject[], targetBytes = 10_000) =>
  compactionPlan(listing, { now: NOW, settleMs: HOUR, targetBytes });

describe('archivePartitionOf', () => {
  it('is the folder of an archive object, extra partitions included', () => {
    // Act / Assess
    expect(archivePartitionOf(`${DAY_1}part-0-1-5.parquet`)).toBe(DAY_1);
    expect(archivePartitionOf(`${WIKI_EN}part-2-7-9.parquet`)).toBe(WIKI_EN);
    expect(archivePartitionOf(`${DAY_1}compacted-ab.parquet`)).toBe(DAY_1);
  });

  it('is undefined for keys outside the archive layout', () => {
    // Act / Assess
    expect(archivePartitionOf('compaction/manifests/ab.json')).toBeUndefined();
    expect(archivePartitionOf(`${DAY_1}notes.txt`)).toBeUndefined();
    expect(archivePartitionOf('raw/topic=feedback/part-0-1-5.parquet')).toBeUndefined();
    expect(archivePartitionOf('raw/dt=2025-06-01/topic=feedback/part-0-1-5.parquet')).toBeUndefined();
  });
});

describe('isSettled', () => {
  it('holds from exactly the settle time on', () => {
    // Act / Assess
    expect(isSettled(object('k', 1, HOUR), NOW, HOUR)).toBe(true);
    expect(isSettled(object('k', 1, HOUR - 1), NOW, HOUR)).toBe(false);
  });
});

describe('compactionPlan', () => {
  it('merges the settled small objects of each partition, never across partitions', () => {
    // Prepare
    const listing = [
      object(`${DAY_1}part-0-1-5.parquet`),
      object(`${WIKI_EN}part-0-1-5.parquet`),
      object(`${DAY_1}part-1-1-5.parquet`),
      object(`${WIKI_EN}part-0-6-9.parquet`),
      object('raw/topic=feedback/dt=2025-06-02/part-0-6-9.parquet'),
    ];

    // Act
    const merges = plan(listing);

    // Assess
    expect(merges.map((m) => [m.partition, m.inputs])).toEqual([
      [DAY_1, [`${DAY_1}part-0-1-5.parquet`, `${DAY_1}part-1-1-5.parquet`]],
      [WIKI_EN, [`${WIKI_EN}part-0-1-5.parquet`, `${WIKI_EN}part-0-6-9.parquet`]],
    ]);
    expect(merges[0]!.output.startsWith(`${DAY_1}compacted-`)).toBe(true);
    expect(merges[0]!.manifest.startsWith('compaction/manifests/')).toBe(true);
  });

  it('leaves objects younger than the settle time for a later run', () => {
    // Prepare
    const listing = [
      object(`${DAY_1}part-0-1-5.parquet`),
      object(`${DAY_1}part-0-6-9.parquet`),
      object(`${DAY_1}part-0-10-12.parquet`, 1000, HOUR - 1000),
    ];

    // Act
    const merges = plan(listing);

    // Assess
    expect(merges.map((m) => m.inputs)).toEqual([[`${DAY_1}part-0-1-5.parquet`, `${DAY_1}part-0-6-9.parquet`]]);
  });

  it('fills merges up to the target size and leaves large files and lone small ones alone', () => {
    // Prepare
    const listing = [
      object(`${DAY_1}a.parquet`, 4000),
      object(`${DAY_1}b.parquet`, 4000),
      object(`${DAY_1}c.parquet`, 4000),
      object(`${DAY_1}d.parquet`, 4000),
      object(`${DAY_1}e.parquet`, 4000),
      object(`${DAY_1}compacted-big.parquet`, 6000),
    ];

    // Act
    const merges = plan(listing, 10_000);

    // Assess
    expect(merges.map((m) => [m.inputs.map((k) => k.slice(DAY_1.length)), m.inputBytes])).toEqual([
      [['a.parquet', 'b.parquet'], 8000],
      [['c.parquet', 'd.parquet'], 8000],
    ]);
  });

  it('skips partitions it is told to', () => {
    // Prepare
    const listing = [object(`${DAY_1}part-0-1-5.parquet`), object(`${DAY_1}part-0-6-9.parquet`)];

    // Act
    const merges = compactionPlan(listing, {
      now: NOW,
      settleMs: HOUR,
      targetBytes: 10_000,
      skipPartitions: new Set([DAY_1]),
    });

    // Assess
    expect(merges).toEqual([]);
  });

  it('names a merge by its inputs alone, whatever order they are listed in', () => {
    // Prepare
    const a = [object(`${DAY_1}part-0-1-5.parquet`), object(`${DAY_1}part-0-6-9.parquet`, 999, 5 * HOUR)];
    const b = [...a].reverse();

    // Act
    const [first] = plan(a);
    const [second] = plan(b);

    // Assess
    expect(second).toEqual(first);
    expect(mergeKeys(DAY_1, first!.inputs)).toEqual({ output: first!.output, manifest: first!.manifest });
    expect(mergeKeys(DAY_1, [first!.inputs[0]!]).output).not.toBe(first!.output);
  });
});
