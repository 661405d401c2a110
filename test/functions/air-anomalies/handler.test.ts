import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { airAnomaliesBatch } from '../../../functions/air-anomalies/anomaly-batch.js';
import { AIR_ANOMALIES_FUNCTION, airAnomaliesConfig } from '../../../functions/air-anomalies/config.js';
import type { AirQualityCheck } from '../../../functions/lib/air-records/index.js';
import { validateAirQualityCheckedRecord } from '../../../functions/lib/air-records/index.js';
import { deadLetterSink } from '../../../functions/lib/dead-letter/index.js';
import type { OutgoingRecord } from '../../../functions/lib/kafka-producer/index.js';
import { handlerMetrics, kafkaHandler } from '../../../functions/lib/middleware/index.js';
import { slackWebhookUrl } from '../../../functions/lib/notifications/index.js';
import { clearSecretCache } from '../../../functions/lib/secrets/index.js';
import { localBucketName, localTableName } from '../../../infra/local/provision.js';
import { demoHours } from '../helpers/air-demo-hours.js';
import { type AirLine, airEvent } from '../helpers/air-windows.js';
import { type FeedbackServices, startFeedbackServices, useFunctionEnvironment } from '../helpers/feedback-services.js';
import { silentLogger } from '../helpers/kafka-batch.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import type { LocalDynamo } from '../helpers/local-dynamo.js';
import { queryApiClient } from '../helpers/query-api-client.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 2, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** Berlin's PM10 ×6 in one hour; Hamburg's PM10 stuck for 12 hours at its value before them. */
const SPIKE = { location: 'berlin', hour: NOW - 4 * DAY_MS + 13 * HOUR_MS };
const STUCK = { location: 'hamburg', from: NOW - 3 * DAY_MS + 6 * HOUR_MS, hours: 12 };

/** An `air-quality-checked` value as produced. */
type CheckedValue = { location: string; hour: string; check: AirQualityCheck } & Record<string, unknown>;

/** The demo's 14 days of hours before NOW with the two faults in them, as records of a 3-partition topic. */
function lines(): AirLine[] {
  let stuckAt: number | undefined;
  return demoHours(NOW).map((h) => {
    const pm10 = h.reading.readings.pm10!;
    if (h.reading.location === SPIKE.location && h.hourMs === SPIKE.hour) pm10.value *= 6;
    if (h.reading.location === STUCK.location && h.hourMs >= STUCK.from - HOUR_MS) {
      if (h.hourMs === STUCK.from - HOUR_MS) stuckAt = pm10.value;
      else if (h.hourMs < STUCK.from + STUCK.hours * HOUR_MS) pm10.value = stuckAt!;
    }
    return {
      topic: 'air-quality',
      partition: h.partition,
      offset: h.offset,
      timestamp: h.hourMs + 60_000,
      key: `${h.reading.location}|${h.reading.hour}`,
      value: h.reading,
    };
  });
}

describe('air-anomalies: flags, state and alerts from the air-quality topic', () => {
  let services: FeedbackServices;
  beforeEach(async () => {
    services = await startFeedbackServices();
    useFunctionEnvironment(AIR_ANOMALIES_FUNCTION, services);
    clearSecretCache();
    produced = [];
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    clearSecretCache();
    await services.close();
  });

  /** What the handlers produced, in order: a stand-in for the broker (runtime-air-anomalies.test.ts has the real one). */
  let produced: { topic: string; key: string; partition?: number; timestamp?: number; value: CheckedValue }[] = [];
  const produce = async (topic: string, records: readonly OutgoingRecord[]) => {
    for (const r of records)
      produced.push({
        topic,
        key: r.key,
        ...(r.partition === undefined ? {} : { partition: r.partition }),
        ...(r.timestamp === undefined ? {} : { timestamp: r.timestamp }),
        value: structuredClone(r.value) as CheckedValue,
      });
  };

  const handler = () => {
    const metrics = handlerMetrics(AIR_ANOMALIES_FUNCTION);
    return kafkaHandler(
      airAnomaliesBatch({
        config: airAnomaliesConfig(),
        dynamo: services.documents,
        webhookUrl: slackWebhookUrl,
        metrics,
        produce,
      }),
      {
        functionName: AIR_ANOMALIES_FUNCTION,
        reportBatchItemFailures: true,
        metrics,
        logger: silentLogger(),
        deadLetters: deadLetterSink({
          functionName: AIR_ANOMALIES_FUNCTION,
          bucket: localBucketName('dead-letters'),
          s3: services.s3Client,
        }),
      },
    );
  };
  const handlerWith = (overrides: { flagsTable?: string }) => {
    const metrics = handlerMetrics(AIR_ANOMALIES_FUNCTION);
    return kafkaHandler(
      airAnomaliesBatch({
        config: { ...airAnomaliesConfig(), ...overrides },
        dynamo: services.documents,
        webhookUrl: slackWebhookUrl,
        metrics,
        produce,
      }),
      { functionName: AIR_ANOMALIES_FUNCTION, reportBatchItemFailures: true, metrics, logger: silentLogger() },
    );
  };
  const byKey = (items: Record<string, unknown>[], key: (i: Record<string, unknown>) => string) =>
    [...items].sort((a, b) => key(a).localeCompare(key(b)));
  const snapshot = async () => ({
    state: byKey(await services.scan('air-anomaly-state'), (i) => String(i.sensor)),
    flags: byKey(await services.scan('air-anomalies'), (i) => `${i.location}|${i.at}`),
    posts: services.posts('sensor').length,
  });

  it('flags a spike and a stuck run, stores them, alerts each episode once, and replays change nothing', async () => {
    // Prepare
    const all = lines();
    const batches = Array.from({ length: Math.ceil(all.length / 100) }, (_, i) => all.slice(i * 100, i * 100 + 100));
    const run = handler();

    // Act
    for (const batch of batches) await run(airEvent(batch), lambdaContext(AIR_ANOMALIES_FUNCTION));
    const first = await snapshot();
    for (const batch of batches) await run(airEvent(batch), lambdaContext(AIR_ANOMALIES_FUNCTION));
    for (const batch of [...batches].reverse()) await run(airEvent(batch), lambdaContext(AIR_ANOMALIES_FUNCTION));
    await Promise.all(batches.map((batch) => run(airEvent(batch), lambdaContext(AIR_ANOMALIES_FUNCTION))));
    const replayed = await snapshot();

    // Assess: the spike, flagged at its hour.
    const flags = first.flags as Record<string, unknown>[];
    const spike = flags.find((f) => f.location === 'berlin' && f.at === `${iso(SPIKE.hour)}#pm10`);
    expect(spike).toMatchObject({ kind: 'spike', alert: true, episodeStart: iso(SPIKE.hour) });
    expect(spike!.score as number).toBeGreaterThanOrEqual(1);
    // The stuck run: one episode of stuck flags inside the run, its first flag alerted on.
    const stuck = flags.filter((f) => f.location === 'hamburg' && f.pollutant === 'pm10' && f.kind === 'stuck');
    expect(stuck.length).toBeGreaterThan(0);
    for (const f of stuck) {
      expect(Date.parse(f.hour as string)).toBeGreaterThanOrEqual(STUCK.from);
      expect(Date.parse(f.hour as string)).toBeLessThan(STUCK.from + STUCK.hours * HOUR_MS);
    }
    expect(new Set(stuck.map((f) => f.episodeStart))).toEqual(new Set([stuck[0]!.hour]));
    expect(stuck.filter((f) => f.alert)).toHaveLength(1);
    // Few flags besides on the demo's clean hours (24 sensors × 14 days): under 0.2 %.
    expect(flags.length - 1 - stuck.length).toBeLessThan(0.002 * 24 * 14 * 24);
    // One post per episode, the faults' among them.
    const posts = services.posts('sensor').map((p) => String(p.body.text));
    expect(posts).toHaveLength(flags.filter((f) => f.alert).length);
    expect(posts.filter((t) => t.includes('berlin pm10: spike'))).toHaveLength(1);
    expect(posts.filter((t) => t.includes('hamburg pm10: stuck'))).toHaveLength(1);
    // Every sensor's state reached the last hour, nothing left pending.
    expect(first.state).toHaveLength(4 * 6);
    for (const item of first.state) {
      expect((item.progress as { lastHour: string }).lastHour).toBe(iso(NOW - HOUR_MS));
      expect(item.pending).toEqual([]);
    }
    // Replays, in order, in reverse and concurrently: nothing new anywhere.
    expect(replayed).toEqual(first);
  });

  it('forwards every reading to air-quality-checked with its check; re-sends and replays carry the stored flags', async () => {
    // Prepare: one berlin hour held back until every later hour has been applied (as a backfill
    // can deliver it), and the spike's hour sent again in a later batch (the poller's re-send).
    const HELD = NOW - 6 * DAY_MS + 5 * HOUR_MS;
    const all = lines();
    const held = all.filter((l) => (l.value as { location: string; hour: string }).hour === iso(HELD));
    const heldLine = held.find((l) => (l.value as { location: string }).location === 'berlin')!;
    const rest = all.filter((l) => l !== heldLine);
    const spikeLine = all.find(
      (l) =>
        (l.value as { location: string; hour: string }).location === 'berlin' &&
        (l.value as { hour: string }).hour === iso(SPIKE.hour),
    )!;
    const resent = { ...spikeLine, offset: 1_000_000 };
    const batches = Array.from({ length: Math.ceil(rest.length / 100) }, (_, i) => rest.slice(i * 100, i * 100 + 100));
    const run = handler();

    // Act
    for (const batch of batches) await run(airEvent(batch), lambdaContext(AIR_ANOMALIES_FUNCTION));
    const firstPass = produced;
    produced = [];
    await run(airEvent([heldLine, resent]), lambdaContext(AIR_ANOMALIES_FUNCTION));
    const late = produced;
    produced = [];
    for (const batch of [...batches].reverse()) await run(airEvent(batch), lambdaContext(AIR_ANOMALIES_FUNCTION));
    const replayed = produced;

    // Assess: every reading forwarded once per delivery, keyed by location, on its source
    // partition with its timestamp, valid under the topic's contract, and otherwise unchanged.
    expect(firstPass).toHaveLength(rest.length);
    const source = new Map(
      rest.map((l) => [`${(l.value as { location: string }).location}|${(l.value as { hour: string }).hour}`, l]),
    );
    for (const r of firstPass) {
      const line = source.get(`${r.value.location}|${r.value.hour}`)!;
      expect(r.topic).toBe('air-quality-checked');
      expect(r.key).toBe(r.value.location);
      expect(r.partition).toBe(line.partition);
      expect(r.timestamp).toBe(line.timestamp);
      const { check, ...rest } = r.value;
      expect(rest).toEqual(JSON.parse(JSON.stringify(line.value)));
      expect(validateAirQualityCheckedRecord(r.value).check).toEqual(check);
    }
    // The spike's pm10 flagged with the stored flag's kind, score and reason; the stuck run's too.
    const flags = await services.scan('air-anomalies');
    const spikeFlag = flags.find((f) => f.location === 'berlin' && f.at === `${iso(SPIKE.hour)}#pm10`)!;
    const spike = firstPass.find((r) => r.value.location === 'berlin' && r.value.hour === iso(SPIKE.hour))!;
    expect(spike.value.check).toEqual({
      status: 'flagged',
      flags: { pm10: { kind: 'spike', score: spikeFlag.score, reason: spikeFlag.reason } },
    });
    const stuckHours = flags.filter((f) => f.location === 'hamburg' && f.kind === 'stuck').map((f) => f.hour);
    for (const hour of stuckHours)
      expect(firstPass.find((r) => r.value.location === 'hamburg' && r.value.hour === hour)!.value.check.status).toBe(
        'flagged',
      );
    // Exactly the readings with a stored flag are flagged, naming exactly those pollutants; the rest clean.
    const flagged = new Set(flags.map((f) => `${f.location}|${f.at}`));
    for (const r of firstPass) {
      const named = Object.keys(r.value.check.flags).map((p) => `${r.value.location}|${r.value.hour}#${p}`);
      const stored = [...flagged].filter((k) => k.startsWith(`${r.value.location}|${r.value.hour}#`));
      expect(named.sort()).toEqual(stored.sort());
      expect(r.value.check.status).toBe(named.length > 0 ? 'flagged' : 'clean');
    }
    // The held hour came after later ones: not judged, forwarded unchecked; the re-sent spike
    // hour carries its stored flag.
    expect(late.map((r) => [r.value.location, r.value.hour, r.value.check.status])).toEqual([
      ['berlin', iso(HELD), 'unchecked'],
      ['berlin', iso(SPIKE.hour), 'flagged'],
    ]);
    expect(late[1]!.value.check).toEqual(spike.value.check);
    // A replay forwards each reading again with the check it had.
    const checkOf = (rs: typeof firstPass) =>
      new Map(rs.map((r) => [`${r.value.location}|${r.value.hour}`, JSON.stringify(r.value.check)]));
    expect(checkOf(replayed)).toEqual(checkOf(firstPass));
  });

  it('answers GET /v1/air/anomalies with the flags of a location and time range, and 400 on bad input', async () => {
    // Prepare
    const all = lines();
    const run = handler();
    for (let i = 0; i < all.length; i += 100)
      await run(airEvent(all.slice(i, i + 100)), lambdaContext(AIR_ANOMALIES_FUNCTION));
    const api = queryApiClient({ documents: services.documents, tableName: localTableName } as unknown as LocalDynamo, {
      now: () => NOW,
    });

    // Act
    const around = await api.get<{ items: Record<string, unknown>[]; truncated: boolean }>('GET /v1/air/anomalies', {
      query: { location: 'berlin', from: iso(SPIKE.hour), to: iso(SPIKE.hour + HOUR_MS) },
    });
    const after = await api.get<{ items: Record<string, unknown>[] }>('GET /v1/air/anomalies', {
      query: { location: 'berlin', from: iso(SPIKE.hour + HOUR_MS), to: iso(SPIKE.hour + 2 * HOUR_MS) },
    });
    const week = await api.get<{ items: Record<string, unknown>[] }>('GET /v1/air/anomalies', {
      query: { location: 'hamburg' },
    });
    const missing = await api.get('GET /v1/air/anomalies', { query: { from: iso(SPIKE.hour) } });
    const badLocation = await api.get('GET /v1/air/anomalies', { query: { location: 'Berlin!' } });
    const reversed = await api.get('GET /v1/air/anomalies', {
      query: { location: 'berlin', from: iso(SPIKE.hour), to: iso(SPIKE.hour - HOUR_MS) },
    });
    const badTime = await api.get('GET /v1/air/anomalies', { query: { location: 'berlin', to: 'yesterday' } });

    // Assess
    expect(around.status).toBe(200);
    expect(around.body.items).toEqual([
      expect.objectContaining({ hour: iso(SPIKE.hour), pollutant: 'pm10', kind: 'spike', alert: true }),
    ]);
    expect(around.body.truncated).toBe(false);
    expect(after.body.items.filter((i) => i.pollutant === 'pm10' && i.kind === 'spike')).toEqual([]);
    expect(week.body.items.filter((i) => i.kind === 'stuck' && i.pollutant === 'pm10').length).toBeGreaterThan(0);
    expect([missing.status, badLocation.status, reversed.status, badTime.status]).toEqual([400, 400, 400, 400]);
    expect(missing.body).toMatchObject({ field: 'location' });
    expect(reversed.body).toMatchObject({ field: 'from' });
    expect(badTime.body).toMatchObject({ field: 'to' });
  });

  it('carries out the flags of a batch that committed its state and failed before storing them, on the next batch', async () => {
    // Prepare: the batch holding the spike commits the detector state, then cannot write its flags.
    const all = lines();
    const batches = Array.from({ length: Math.ceil(all.length / 100) }, (_, i) => all.slice(i * 100, i * 100 + 100));
    const at = batches.findIndex((b) => b.some((l) => (l.value as { hour: string }).hour === iso(SPIKE.hour)));
    const run = handler();
    for (const batch of batches.slice(0, at)) await run(airEvent(batch), lambdaContext(AIR_ANOMALIES_FUNCTION));
    const broken = handlerWith({ flagsTable: 'no-such-table' });

    // Act
    await expect(broken(airEvent(batches[at]!), lambdaContext(AIR_ANOMALIES_FUNCTION))).rejects.toThrow();
    const between = await snapshot();
    await run(airEvent(batches[at]!), lambdaContext(AIR_ANOMALIES_FUNCTION));
    const after = await snapshot();

    // Assess: the state moved on with the spike pending, and the redelivery (whose hours are all
    // applied already) stored it and alerted once.
    const berlin = between.state.find((i) => i.sensor === 'berlin|pm10')!;
    expect((berlin.progress as { lastHour: string }).lastHour >= iso(SPIKE.hour)).toBe(true);
    expect(berlin.pending).toEqual([expect.objectContaining({ at: `${iso(SPIKE.hour)}#pm10`, kind: 'spike' })]);
    expect(between.flags.find((f) => f.at === `${iso(SPIKE.hour)}#pm10`)).toBeUndefined();
    expect(after.flags).toContainEqual(
      expect.objectContaining({ location: 'berlin', at: `${iso(SPIKE.hour)}#pm10`, kind: 'spike' }),
    );
    expect(after.state.every((i) => (i.pending as unknown[]).length === 0)).toBe(true);
    expect(services.posts('sensor').filter((p) => String(p.body.text).includes('berlin pm10: spike'))).toHaveLength(1);
    expect(after.state.map((i) => i.progress)).toEqual(between.state.map((i) => i.progress));
    // The redelivery forwards the spike's hour with the flag the failed batch committed.
    const spike = produced.filter((r) => r.value.location === 'berlin' && r.value.hour === iso(SPIKE.hour));
    expect(spike.map((r) => r.value.check.flags.pm10?.kind)).toEqual(['spike']);
  });
});
