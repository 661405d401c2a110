import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_REASONS } from '../../../functions/lib/dead-letter/index.js';
import { startLocalRuntime } from '../../../infra/local/runtime.js';
import { pipeline } from '../../../infra/pipeline.js';

// The whole local pipeline from pipeline.ts: broker, dynalite, s3rver, Slack
// sink, one emulator per trigger and the demo producers, then a restart.
describe('local runtime', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-runtime-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs every trigger, reconciles its counts, archives to Parquet and resumes after a restart', async () => {
    // Prepare
    const runtime = await startLocalRuntime({ pipeline, dataDir, rate: 40, log: () => {} });

    // Act
    await new Promise((r) => setTimeout(r, 4_000));
    // The air demo's 14-day backfill (1,344 readings, 12 window metrics each) is what takes
    // longest: ~36 s on 2 busy cores. The test is about reconciliation, not speed (bench/).
    const drained = await runtime.drain(100_000);
    const summary = await runtime.summary();
    await runtime.stop();
    const again = await startLocalRuntime({ pipeline, dataDir, demo: false, log: () => {} });
    await new Promise((r) => setTimeout(r, 1_500));
    const rerun = await again.summary();
    await again.stop();

    // Assess
    expect(drained).toBe(true);
    expect(summary.reconciled).toBe(true);
    expect(summary.produced).toBeGreaterThan(300);
    expect(summary.produced).toBe(summary.processed + summary.deadLettered + summary.filtered);
    // The demo sends a share of invalid UTF-8 values: dead-lettered with a reason, not dropped.
    expect(summary.deadLettered).toBeGreaterThan(0);
    expect(summary.archivedRecords).toBe(summary.processed);
    expect(summary.archivedFiles).toBeGreaterThan(0);
    expect(summary.p99LatencyMs).toBeGreaterThanOrEqual(summary.p50LatencyMs);
    // Demo feedback is scored and the sink receives both kinds of notification, once per feedback id.
    expect(summary.notifications.negative).toBeGreaterThan(0);
    expect(summary.notifications.positive).toBeGreaterThan(0);
    const slackLines = (await readFile(path.join(dataDir, 'slack.jsonl'), 'utf8')).trim().split('\n');
    const notified = slackLines.map(
      (line) => (JSON.parse(line) as { body: { metadata: { event_payload: { idempotency_key: string } } } }).body,
    );
    const keys = notified.map((body) => body.metadata.event_payload.idempotency_key);
    // Sensor alerts (#sensor-alerts) carry their idempotency key the same way.
    expect(keys).toHaveLength(
      summary.notifications.negative + summary.notifications.positive + summary.notifications.sensor,
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(summary.byTopic.feedback?.triggers['score-feedback']?.reconciled).toBe(true);
    // Triggers whose function counts in windows say what they left out of the counts, per metric.
    expect(Object.keys(summary.byTopic.feedback?.triggers['score-feedback']?.leftOutOfCounts ?? {})).toEqual([
      'feedback-by-band-1m',
      'feedback-by-band-1h',
    ]);
    expect(summary.byTopic['wiki-changes']?.triggers['window-wiki-changes']?.leftOutOfCounts).toBeDefined();
    expect(summary.byTopic.feedback?.triggers['archive-feedback']?.leftOutOfCounts).toBeUndefined();
    const reasons = new Set([...DEAD_LETTER_REASONS, 'batch-failed']);
    for (const t of Object.values(summary.byTopic))
      for (const r of Object.values(t.triggers))
        for (const reason of Object.keys(r.deadLetteredByReason)) expect(reasons, r.trigger).toContain(reason);
    for (const [topic, t] of Object.entries(summary.byTopic)) {
      expect(t.produced, topic).toBeGreaterThan(0);
      for (const r of Object.values(t.triggers)) {
        expect(r.reconciled, r.trigger).toBe(true);
        expect(r.p50LatencyMs, r.trigger).toBeGreaterThan(0);
        expect(r.p99LatencyMs, r.trigger).toBeGreaterThanOrEqual(r.p50LatencyMs);
        // Dead letters by reason add up to the trigger's dead letters.
        const byReason = Object.values(r.deadLetteredByReason).reduce((x, y) => x + y, 0);
        expect(byReason, r.trigger).toBe(r.deadLettered);
      }
    }
    // Nothing was left uncommitted, so the rerun has no backlog and processes nothing again.
    expect(rerun.processed + rerun.deadLettered).toBe(0);
    for (const t of Object.values(rerun.byTopic)) for (const r of Object.values(t.triggers)) expect(r.backlog).toBe(0);
    await expect(readFile(path.join(dataDir, 'kafka', 'cluster.json'), 'utf8')).resolves.toContain('clusterId');
  }, 150_000);
});
