import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSoak, SOAK_TABLE_HEADER, soakRow, soakVerdict } from '../../../bench/soak/index.js';

// The CI-sized soak: `npm run soak -- --minutes 0.35 --rate 20 --sample-seconds 4`, in process.
describe('soak', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-soak-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('samples memory, lag and the reconciliation through a run, and prints a table and a verdict', async () => {
    // Act
    const result = await runSoak({ minutes: 0.35, rate: 20, sampleSeconds: 4, dataDir });
    const printed = [...SOAK_TABLE_HEADER, ...result.samples.map(soakRow), ...soakVerdict(result)].join('\n');

    // Assess
    expect(result.samples.length).toBeGreaterThanOrEqual(4);
    for (const [i, s] of result.samples.entries()) {
      expect(s.reconciled).toBe(true);
      expect(s.heapAfterGcBytes).toBeGreaterThan(0);
      expect(s.rssBytes).toBeGreaterThan(s.heapAfterGcBytes);
      if (i > 0) expect(s.produced).toBeGreaterThan(result.samples[i - 1]!.produced);
    }
    expect(result.drained).toBe(true);
    expect(result.summary.reconciled).toBe(true);
    expect(result.summary.archivedRecords).toBe(result.summary.processed);
    expect(result.objectsPer1000Records).toBeCloseTo(
      (result.summary.archivedFiles / result.summary.archivedRecords) * 1000,
      6,
    );
    expect(printed).toMatch(
      /^\| elapsed s \| produced \| RSS MB \| heap after GC MB \| lag \| loop p99 ms \| reconciliation \|$/m,
    );
    expect(printed.split('\n').filter((line) => /^\|\s+\d+ \|/.test(line))).toHaveLength(result.samples.length);
    expect(printed).toMatch(/^heap after GC: -?[\d,.]+ MB\/hour over the last \d+ samples/m);
    expect(printed).toMatch(/^verdict: (flat|GROWING) \(a run under 10 minutes is indicative only/m);
    expect(printed).toMatch(/^archive: \d+ Parquet objects for \d+ records = [\d,.]+ objects per 1,000 records$/m);
    // 21 s of run, then a drain of up to 100 s (the air demo's backfill is the longest part).
  }, 150_000);
});
