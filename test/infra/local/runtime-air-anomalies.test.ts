import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Producer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmNowCastUgm3 } from '../../../functions/lib/air-quality/index.js';
import { localBucketName } from '../../../infra/local/provision.js';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.js';
import { LOCAL_SLACK_HOOKS } from '../../../infra/local/secrets.js';
import { pipeline } from '../../../infra/pipeline.js';
import { readArchivedDays } from '../../../models/air-quality/train/training-set.js';
import { AIR_TEST_LOCATIONS, HOUR_MS } from '../../functions/helpers/air-days.js';
import { waitFor } from './kafka/helpers/wait.js';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const HOURS = 30;
/** The current hour: a NowCast this fresh alerts when it reaches "Unhealthy for Sensitive Groups". */
const LAST = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
/** PM10 around 60 µg/m³ at every location, never the same twice (no stuck run). */
const pm10 = (i: number, h: number) =>
  Math.round((55 + 5 * i + 6 * Math.sin(h * 0.7 + i) + 0.3 * ((h * 7 + i * 3) % 5)) * 10) / 10;
/** Berlin's newest hour, ×6: left in, its NowCast would be "Unhealthy for Sensitive Groups". */
const SPIKE = 6 * pm10(0, HOURS - 1);

describe('local runtime: a sensor spike is flagged, and left out of the AQI now, the alerts and the retraining data', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-air-anomalies-'));
    runtime = await startLocalRuntime({ pipeline, dataDir, demo: false, dashboard: false, log: () => {} });
  });
  afterAll(async () => {
    await runtime.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('flags a ×6 PM10 among four locations’ normal hours, lists it, alerts #sensor-alerts once and #air-quality not, and the archived training set leaves it out', async () => {
    // Prepare: 30 hours of the four declared locations, each on its partition, Berlin's last PM10 ×6.
    const messages = [];
    for (let h = 0; h < HOURS; h++)
      for (const [i, { name, lat, lon, partition }] of AIR_TEST_LOCATIONS.entries()) {
        const hour = iso(LAST - (HOURS - 1 - h) * HOUR_MS);
        const value = name === 'berlin' && h === HOURS - 1 ? SPIKE : pm10(i, h);
        const reading = {
          schemaVersion: 1,
          location: name,
          lat,
          lon,
          hour,
          source: 'open-meteo',
          readings: {
            pm10: { value, unit: 'µg/m³' },
            pm25: { value: Math.round(pm10(i, h) * 4.5) / 10, unit: 'µg/m³' },
          },
        };
        messages.push({
          topic: 'air-quality',
          partition,
          key: Buffer.from(`${name}|${hour}`),
          value: Buffer.from(JSON.stringify(reading)),
        });
      }
    const producer = new Producer({ clientId: 'air-anomalies-test', bootstrapBrokers: [runtime.bootstrap] });

    // Act
    try {
      await producer.send({ messages });
    } finally {
      await producer.close();
    }
    const api = async (route: string) => {
      const response = await fetch(`${runtime.apiUrl}${route}`);
      expect(response.status, route).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };
    let now: { hour: string; nowCast: { pm10: number | null }; category: { key: string } | null } | undefined;
    await waitFor(
      async () => {
        now = (await api('/v1/air/berlin')).now as typeof now;
        return now?.hour === iso(LAST);
      },
      60_000,
      "berlin's AQI now for the last hour",
    );
    expect(await runtime.drain(60_000)).toBe(true);
    const anomalies = await api(
      `/v1/air/anomalies?location=berlin&from=${iso(LAST - HOUR_MS)}&to=${iso(LAST + HOUR_MS)}`,
    );
    const posts = (hook: string) => runtime.slack.recent.filter((p) => p.hook === hook).map((p) => String(p.body.text));
    const reports = new Map(runtime.reports().map((r) => [r.trigger, r]));
    const summary = await runtime.summary();

    // Assess: the spike is flagged and listed.
    expect(anomalies.items).toEqual([
      expect.objectContaining({ hour: iso(LAST), pollutant: 'pm10', kind: 'spike', value: SPIKE }),
    ]);
    // AQI now is berlin's NowCast with the spiked hour missing, not with it.
    const before = Array.from({ length: 11 }, (_, k) => pm10(0, HOURS - 2 - k));
    const without = pmNowCastUgm3([null, ...before])!;
    const withSpike = pmNowCastUgm3([SPIKE, ...before])!;
    expect(now!.nowCast.pm10).toBeCloseTo(without, 6);
    expect(Math.abs(withSpike - without)).toBeGreaterThan(50);
    expect(now!.category?.key).toBe('moderate');
    // One #sensor-alerts post for it; no #air-quality post for berlin.
    expect(posts(LOCAL_SLACK_HOOKS.sensor).filter((t) => t.includes('berlin pm10: spike'))).toHaveLength(1);
    expect(posts(LOCAL_SLACK_HOOKS['air-quality']).filter((t) => t.includes('berlin'))).toEqual([]);
    // Every reading went through air-anomalies to air-quality-checked: read by air-windows and archived, none refused.
    for (const trigger of ['air-anomalies', 'air-windows-air-quality-checked', 'archive-air-quality-checked'])
      expect(reports.get(trigger), trigger).toMatchObject({ processed: messages.length, deadLettered: 0 });
    expect(summary.byTopic['air-quality-checked']?.produced).toBe(messages.length);
    expect(summary.reconciled).toBe(true);
    // The retraining data: the air-quality training set read (DuckDB) from what the runtime's
    // archiver wrote leaves the flagged hour out of berlin's day, and says so.
    const days = await readArchivedDays({
      root: path.join(dataDir, 's3', localBucketName('archive')),
      objectSuffix: '._S3rver_object',
    });
    const lastDay = iso(LAST).slice(0, 10);
    const cleanHours = Array.from({ length: HOURS - 1 }, (_, h) => h).filter(
      (h) => iso(LAST - (HOURS - 1 - h) * HOUR_MS).slice(0, 10) === lastDay,
    );
    const berlin = days.find((d) => d.location === 'berlin' && d.date === lastDay);
    expect(berlin).toMatchObject({ leftOut: 1, hours: cleanHours.length });
    expect(berlin?.pm10).toBeCloseTo(cleanHours.reduce((sum, h) => sum + pm10(0, h), 0) / cleanHours.length, 6);
    expect(days.filter((d) => d.location !== 'berlin').every((d) => d.leftOut === 0)).toBe(true);
  }, 120_000);
});
