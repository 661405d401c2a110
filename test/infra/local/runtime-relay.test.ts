import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime } from '../../../infra/local/runtime.js';
import { pipeline } from '../../../infra/pipeline.js';
import { type RecentChangeStream, startRecentChangeStream } from '../../functions/helpers/recent-change-stream.js';

// What `npm start -- --wiki-stream <url>` sets up, against a local stand-in for EventStreams.
describe('local runtime with the Wikimedia relay', () => {
  let dataDir: string;
  let stream: RecentChangeStream;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-runtime-relay-'));
    stream = await startRecentChangeStream({ name: 'runtime', available: 40, retryMs: 50 });
  });

  afterAll(async () => {
    await stream.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('relays the stream into wiki-changes on demand, and every wiki trigger takes the records', async () => {
    // Prepare
    const runtime = await startLocalRuntime({
      pipeline,
      dataDir,
      demo: false,
      schedules: ['relay-wikimedia'],
      environment: { WIKIMEDIA_STREAM_URL: stream.url, RELAY_RUN_SECONDS: '1' },
      log: () => {},
    });

    // Act
    const relayed = await runtime.runSchedule('relay-wikimedia');
    const drained = await runtime.drain(30_000);
    const summary = await runtime.summary();
    await runtime.stop();

    // Assess
    expect(relayed).toMatchObject({ outcome: 'relayed', relayed: 40, skipped: 0, lastEventId: '40' });
    expect(stream.requests.map((r) => r.lastEventId)).toEqual([undefined]);
    expect(drained).toBe(true);
    const wiki = summary.byTopic['wiki-changes']!;
    expect(wiki.produced).toBe(40);
    for (const trigger of Object.values(wiki.triggers)) {
      expect(trigger.reconciled, trigger.trigger).toBe(true);
      expect(trigger.processed + trigger.deadLettered + trigger.filtered, trigger.trigger).toBe(40);
    }
    expect(wiki.triggers['archive-wiki-changes']?.processed).toBe(40);
    expect(summary.archivedRecords).toBe(40);
  });
});
