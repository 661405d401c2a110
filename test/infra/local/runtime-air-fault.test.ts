import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ringValues } from '../../../functions/air-windows/now-ring.js';
import { airQualityReplay } from '../../../infra/local/demo/air-demo.js';
import { startDemoProducers } from '../../../infra/local/demo/producers.js';
import { localTableName } from '../../../infra/local/provision.js';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.js';
import { LOCAL_SLACK_HOOKS } from '../../../infra/local/secrets.js';
import type { SlackPost } from '../../../infra/local/services/slack-sink.js';
import { pipeline } from '../../../infra/pipeline.js';
import { localDocumentClient } from '../../functions/helpers/local-dynamo.js';
import { DEMO_FAULT_RUN } from './demo/helpers/fault-run.js';
import { waitFor } from './kafka/helpers/wait.js';

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const SPIKE_HOUR = Math.floor(DEMO_FAULT_RUN / HOUR_MS) * HOUR_MS - 9 * HOUR_MS;

interface AnomaliesAnswer {
  items: { hour: string; span: string; pollutant: string; kind: string; alert: boolean }[];
}

// One runtime per file: the handlers' AWS clients are created once per process, at import.
describe('local runtime: the air demo’s injected spike is flagged, shown and alerted once', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  const posts: SlackPost[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-air-fault-'));
    runtime = await startLocalRuntime({
      pipeline,
      dataDir,
      demo: false,
      dashboard: false,
      apiPort: 0,
      log: () => {},
      onSlackPost: (post) => posts.push(post),
    });
  });
  afterAll(async () => {
    await runtime.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('flags Hamburg’s ×6 PM10 hour, keeps it out of AQI now and #air-quality, answers it in GET /v1/air/anomalies and posts it once to #sensor-alerts; air-windows checks the closed days', async () => {
    // Prepare: the air-quality demo npm start runs, its faults included, for a fixed start
    // (demo/helpers/fault-run.ts says why fixed).
    const demo = await startDemoProducers({
      bootstrap: runtime.bootstrap,
      topics: [{ topic: 'air-quality', generator: 'air-quality', ratePerSecond: 5 }],
      now: DEMO_FAULT_RUN,
      // As npm start's runtime does: the paced hours once the backfill is consumed (by all but
      // the archiver, whose batching window holds records for a minute on purpose).
      pacedAfter: (topics) =>
        waitFor(
          () =>
            runtime
              .reports()
              .filter((r) => topics.includes(r.topic) && r.function !== 'archiver')
              .every((r) => r.lag === 0 && r.inFlight === 0),
          // On a busy machine (the suite's CDK bundling beside it) the backfill takes about a
          // minute to go through; alone, about 3 s.
          150_000,
          'the backfill consumed',
        ),
    });
    const spikes = () =>
      posts.filter((p) => p.hook === LOCAL_SLACK_HOOKS.sensor && String(p.body.text).includes('hamburg pm10: spike'));
    const anomalies = async () => {
      const query = new URLSearchParams({
        location: 'hamburg',
        from: iso(SPIKE_HOUR - 24 * HOUR_MS),
        to: iso(SPIKE_HOUR + 24 * HOUR_MS),
      });
      const res = await fetch(`${runtime.apiUrl}/v1/air/anomalies?${query}`);
      expect(res.status).toBe(200);
      return (await res.json()) as AnomaliesAnswer;
    };

    // Act: the spike's hour is the first paced one, two seconds after the burst of the rest.
    const started = Date.now();
    let answer: AnomaliesAnswer = { items: [] };
    try {
      await waitFor(
        async () => {
          answer = await anomalies();
          return answer.items.some((i) => i.hour === iso(SPIKE_HOUR) && i.kind === 'spike') && spikes().length > 0;
        },
        180_000,
        'the spike in the API and in #sensor-alerts',
      );
      console.log(
        `demo spike in the API and #sensor-alerts ${((Date.now() - started) / 1000).toFixed(1)} s after the demo started`,
      );
      // Every paced hour out and consumed: nothing posts the spike again.
      const { backfill } = airQualityReplay({ now: DEMO_FAULT_RUN });
      await waitFor(() => (demo.produced.get('air-quality') ?? 0) >= backfill, 60_000, 'the paced hours');
      await demo.stop();
      const consumed = (trigger: string) => {
        const report = runtime.reports().find((r) => r.trigger === trigger);
        if (report === undefined) throw new Error(`no trigger named ${trigger} in the runtime`);
        return report.lag === 0 && report.inFlight === 0;
      };
      await waitFor(
        () => consumed('air-anomalies') && consumed('air-windows-air-quality-checked'),
        30_000,
        'air-anomalies and air-windows to consume every record',
      );
    } finally {
      await demo.stop();
    }

    // The other locations of the spike's hour: a neighbour's spike must not make them look off.
    const othersFlagged: string[] = [];
    for (const location of ['berlin', 'munich', 'waldhof']) {
      const query = new URLSearchParams({ location, from: iso(SPIKE_HOUR), to: iso(SPIKE_HOUR + HOUR_MS) });
      const res = await fetch(`${runtime.apiUrl}/v1/air/anomalies?${query}`);
      const items = ((await res.json()) as AnomaliesAnswer).items;
      othersFlagged.push(...items.map((i) => `${location} ${i.pollutant} ${i.kind}`));
    }

    // Assess
    expect(othersFlagged).toEqual([]);
    expect(answer.items.filter((i) => i.hour === iso(SPIKE_HOUR) && i.pollutant === 'pm10')).toEqual([
      expect.objectContaining({ span: 'hour', kind: 'spike', alert: true }),
    ]);
    expect(spikes()).toHaveLength(1);
    expect(String(spikes()[0]!.body.text)).toContain(`spike from ${iso(SPIKE_HOUR)}`);
    // air-windows ran the closed-day check on the backfill's closed days (the last one, the
    // day before the run's, with the watermark 4 hours behind its current hour).
    const documents = localDocumentClient(runtime.endpoints.dynamodb);
    const { Item } = await documents.send(
      new GetCommand({ TableName: localTableName('air-anomaly-state'), Key: { sensor: 'hamburg|pm10|day' } }),
    );
    // AQI now: the spiked hour is missing from Hamburg's PM10 ring (the NowCast's input), the
    // clean hour before it is there, and nothing about Hamburg reached #air-quality.
    const now = await documents.send(
      new GetCommand({ TableName: localTableName('air-now'), Key: { location: 'hamburg' }, ConsistentRead: true }),
    );
    documents.destroy();
    expect(Item?.progress.lastDay >= '2026-12-04').toBe(true);
    const [spikeHour, hourBefore] = ringValues(now.Item ?? {}, 'pm10', iso(SPIKE_HOUR));
    expect(spikeHour).toBeNull();
    expect(hourBefore).toEqual(expect.any(Number));
    expect(
      posts.filter((p) => p.hook === LOCAL_SLACK_HOOKS['air-quality'] && String(p.body.text).includes('hamburg')),
    ).toEqual([]);
  }, 300_000);
});
