import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime } from '../../../infra/local/runtime.js';
import { pipeline } from '../../../infra/pipeline.js';
import { type FakeOpenMeteo, startFakeOpenMeteo } from '../../functions/helpers/open-meteo-server.js';

// What `npm start -- --schedule air-poller` sets up, with the Open-Meteo URLs pointed at a local stand-in.
describe('local runtime with the air poller', () => {
  let dataDir: string;
  let server: FakeOpenMeteo;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-runtime-air-'));
    server = await startFakeOpenMeteo({ today: () => new Date().toISOString().slice(0, 10) });
  });

  afterAll(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('polls on demand into air-quality and weather, and the archive takes every record', async () => {
    // Prepare
    const logs: string[] = [];
    const runtime = await startLocalRuntime({
      pipeline,
      dataDir,
      demo: false,
      schedules: ['air-poller'],
      environment: { OPEN_METEO_AIR_URL: server.airUrl, OPEN_METEO_FORECAST_URL: server.forecastUrl },
      log: (m) => logs.push(m),
    });

    // Act
    const polled = await runtime.runSchedule('air-poller');
    const drained = await runtime.drain(30_000);
    const summary = await runtime.summary();
    await runtime.stop();

    // Assess: 4 locations × 3 lookback hours per topic.
    const expected = Object.keys(pipeline.locations ?? {}).length * 3;
    expect(polled).toMatchObject({ produced: { 'air-quality': expected, weather: expected }, failures: [] });
    expect(drained).toBe(true);
    for (const topic of ['air-quality', 'weather']) {
      const t = summary.byTopic[topic]!;
      expect(t.produced, topic).toBe(expected);
      expect(t.triggers[`archive-${topic}`]?.processed, topic).toBe(expected);
    }
    expect(new Set(server.requests.map((r) => r.api))).toEqual(new Set(['air-quality', 'forecast']));
  });

  it('leaves the poller off without --schedule, so npm start never calls Open-Meteo by itself', async () => {
    // Prepare
    const logs: string[] = [];

    // Act
    const runtime = await startLocalRuntime({ pipeline, dataDir, demo: false, log: (m) => logs.push(m) });
    await runtime.stop();

    // Assess
    expect(logs).toContain(
      '[schedule air-poller] not run locally (runsLocally: false); npm start -- --schedule air-poller turns it on',
    );
  });
});
