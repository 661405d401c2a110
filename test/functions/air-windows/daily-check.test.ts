import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DAILY_PM10_METRIC } from '../../../functions/air-windows/config.js';
import { type DailyCheck, dailyCheck } from '../../../functions/air-windows/daily-check.js';
import { dailyCheckTables } from '../../../functions/air-windows/daily-check-config.js';
import { isoDate } from '../../../functions/lib/air-forecast/index.js';
import { handlerMetrics } from '../../../functions/lib/middleware/index.js';
import { floodPolicy, retryPolicy, slackWebhookUrl } from '../../../functions/lib/notifications/index.js';
import { clearSecretCache } from '../../../functions/lib/secrets/index.js';
import { seriesOf } from '../../../functions/lib/windows/index.js';
import { DEMO_AIR_STATIONS } from '../../../infra/local/demo/air-stations.js';
import { pm10History } from '../../../infra/local/demo/pm10-history.js';
import { localTableName } from '../../../infra/local/provision.js';
import { DAY_MS } from '../helpers/air-days.js';
import { type FeedbackServices, startFeedbackServices, useFunctionEnvironment } from '../helpers/feedback-services.js';
import { silentLogger } from '../helpers/kafka-batch.js';
import type { LocalDynamo } from '../helpers/local-dynamo.js';
import { queryApiClient } from '../helpers/query-api-client.js';
import { putItems } from '../helpers/window-items.js';

const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
/** +2 µg/m³ a day for 10 days at one location (the evaluation's drift), from its first day. */
interface Drift {
  location: string;
  from: string;
}

/**
 * The daily PM10 windows the window engine leaves for the declared locations, from the real
 * 2007–2008 means of the stations the demo replays (infra/local/demo/air-stations.ts), dated
 * as they were; with a drift added at one location when asked.
 */
function windowItems(from: string, to: string, drift?: Drift) {
  const history = pm10History();
  const items: Record<string, unknown>[] = [];
  for (let day = dayOf(from); day <= dayOf(to); day++) {
    for (const [location, { station }] of Object.entries(DEMO_AIR_STATIONS)) {
      const real = history.get(station)?.get(isoDate(day));
      if (real === undefined) continue;
      const k = drift?.location === location ? day - dayOf(drift.from) : -1;
      const pm10 = real + (k >= 0 && k < 10 ? 2 * (k + 1) : 0);
      items.push({ series: seriesOf(DAILY_PM10_METRIC, location), start: day * DAY_MS, sum: 24 * pm10, count: 24 });
    }
  }
  return items;
}

describe('air-windows daily check: closed days of daily PM10 through the detector', () => {
  let services: FeedbackServices;
  beforeEach(async () => {
    services = await startFeedbackServices();
    useFunctionEnvironment('air-windows', services);
    clearSecretCache();
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    clearSecretCache();
    await services.close();
  });

  const check = (): DailyCheck => {
    const tables = dailyCheckTables();
    return dailyCheck({
      locations: Object.keys(DEMO_AIR_STATIONS),
      means: { dynamo: services.documents, table: localTableName('windows'), metric: DAILY_PM10_METRIC },
      forecasts: { dynamo: services.documents, table: localTableName('air-forecasts') },
      state: { dynamo: services.documents, table: tables.stateTable },
      flagsTable: tables.flagsTable,
      alerts: {
        dynamo: services.documents,
        table: localTableName('notifications'),
        channel: tables.channel,
        webhookUrl: slackWebhookUrl,
        retry: retryPolicy(),
        flood: floodPolicy(),
        slackBudgetMs: 10_000,
      },
    });
  };
  const invoke = () => ({ logger: silentLogger(), metrics: handlerMetrics('air-windows'), remainingMs: 60_000 });
  /** The watermark moves of a live pipeline: one day closes per call, `from` … `to` (the last closed day). */
  const dayByDay = (from: string, to: string) =>
    Array.from({ length: dayOf(to) - dayOf(from) + 1 }, (_, i) => ({
      before: (dayOf(from) + i) * DAY_MS,
      after: (dayOf(from) + i + 1) * DAY_MS,
    }));
  const snapshot = async () => ({
    state: (await services.scan('air-anomaly-state')).sort((a, b) => String(a.sensor).localeCompare(String(b.sensor))),
    flags: (await services.scan('air-anomalies')).sort((a, b) =>
      `${a.location}|${a.at}`.localeCompare(`${b.location}|${b.at}`),
    ),
    posts: services.posts('sensor').map((p) => String(p.body.text)),
  });

  it('flags a +2 µg/m³/day drift at one location among clean ones, alerts it once, and replaying the closes changes nothing', async () => {
    // Prepare: 2007-06-03 … 2007-07-05 at the four locations; Waldhof drifts from 2007-06-20.
    const drift = { location: 'waldhof', from: '2007-06-20' };
    await putItems(services.documents, localTableName('windows'), windowItems('2007-06-03', '2007-07-05', drift));
    const closes = dayByDay('2007-06-03', '2007-07-05');
    const run = check();

    // Act
    const outcomes = [];
    for (const close of closes) outcomes.push(await run(close, invoke()));
    const first = await snapshot();
    for (const close of closes) await run(close, invoke());
    for (const close of [...closes].reverse()) await run(close, invoke());
    await Promise.all(closes.map((close) => check()(close, invoke())));
    const replayed = await snapshot();

    // Assess: drift flags at Waldhof only, inside the drift's ten days, one episode.
    expect(outcomes.every((o) => o !== undefined)).toBe(true);
    const flags = first.flags;
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) {
      expect(f).toMatchObject({ location: 'waldhof', pollutant: 'pm10', kind: 'drift', span: 'day', basis: 'others' });
      expect(dayOf(f.day as string) - dayOf(drift.from)).toBeGreaterThanOrEqual(0);
      expect(dayOf(f.day as string) - dayOf(drift.from)).toBeLessThan(10);
      expect(f.at).toBe(`${f.day}T00:00:00Z#day#pm10`);
      expect(f.score as number).toBeGreaterThanOrEqual(1);
    }
    expect(new Set(flags.map((f) => f.episodeStart))).toEqual(new Set([`${flags[0]!.day}T00:00:00Z`]));
    expect(flags.filter((f) => f.alert)).toHaveLength(1);
    // One post to #sensor-alerts for the episode.
    expect(first.posts).toHaveLength(1);
    expect(first.posts[0]).toContain(`waldhof pm10 daily mean: drift from ${flags[0]!.day}`);
    // Every location's daily state reached the last day, applied once per day, nothing pending.
    expect(first.state.map((s) => s.sensor)).toEqual([
      'berlin|pm10|day',
      'hamburg|pm10|day',
      'munich|pm10|day',
      'waldhof|pm10|day',
    ]);
    for (const s of first.state) {
      expect((s.progress as { lastDay: string }).lastDay).toBe('2007-07-05');
      expect(s.pending).toEqual([]);
    }
    expect(replayed).toEqual(first);
  }, 60_000);

  it('shows the daily flags in GET /v1/air/anomalies beside the hourly ones, marked as a day', async () => {
    // Prepare
    const drift = { location: 'waldhof', from: '2007-06-20' };
    await putItems(services.documents, localTableName('windows'), windowItems('2007-06-03', '2007-07-05', drift));
    const hourly = {
      location: 'waldhof',
      at: '2007-06-28T00:00:00Z#pm10',
      hour: '2007-06-28T00:00:00Z',
      pollutant: 'pm10',
      kind: 'spike',
      score: 1.2,
      reason: 'spike: …',
      value: 80,
      expected: 20,
      episodeStart: '2007-06-28T00:00:00Z',
      alert: true,
      partition: 0,
      offset: 1,
      expiresAt: 0,
    };
    await putItems(services.documents, localTableName('air-anomalies'), [hourly]);
    const run = check();
    for (const close of dayByDay('2007-06-03', '2007-07-05')) await run(close, invoke());
    const api = queryApiClient({ documents: services.documents, tableName: localTableName } as unknown as LocalDynamo, {
      now: () => Date.parse('2007-07-06T00:00:00Z'),
    });

    // Act
    const answer = await api.get<{ items: Record<string, unknown>[] }>('GET /v1/air/anomalies', {
      query: { location: 'waldhof', from: '2007-06-20T00:00:00Z' },
    });

    // Assess
    expect(answer.status).toBe(200);
    const stored = (await services.scan('air-anomalies')).filter((f) => f.span === 'day');
    expect(stored.length).toBeGreaterThan(0);
    expect(answer.body.items.filter((i) => i.span === 'day').map((i) => i.hour)).toEqual(
      stored.map((f) => f.hour).sort(),
    );
    // The hourly flag of the same first hour is its own item, marked as an hour.
    expect(answer.body.items.filter((i) => i.span === 'hour')).toEqual([
      expect.objectContaining({ hour: hourly.hour, pollutant: 'pm10', kind: 'spike' }),
    ]);
  }, 60_000);

  it('never throws: a DynamoDB failure is logged and counted, and the next call checks the days', async () => {
    // Prepare
    await putItems(services.documents, localTableName('windows'), windowItems('2007-06-03', '2007-06-05'));
    const close = { before: dayOf('2007-06-03') * DAY_MS, after: (dayOf('2007-06-05') + 1) * DAY_MS };
    const tables = dailyCheckTables();
    const broken = dailyCheck({
      locations: Object.keys(DEMO_AIR_STATIONS),
      means: { dynamo: services.documents, table: localTableName('windows'), metric: DAILY_PM10_METRIC },
      forecasts: { dynamo: services.documents, table: localTableName('air-forecasts') },
      state: { dynamo: services.documents, table: 'no-such-table' },
      flagsTable: tables.flagsTable,
      alerts: {
        dynamo: services.documents,
        table: localTableName('notifications'),
        channel: tables.channel,
        webhookUrl: slackWebhookUrl,
        retry: retryPolicy(),
        flood: floodPolicy(),
        slackBudgetMs: 10_000,
      },
    });
    const errors: string[] = [];
    const logger = silentLogger();
    logger.error = (message: string) => void errors.push(message);

    // Act
    const failed = await broken(close, { ...invoke(), logger });
    const after = await check()(close, invoke());

    // Assess
    expect(failed).toBeUndefined();
    expect(errors).toEqual(['closed days not checked for anomalies; a later batch looks at them again']);
    expect(after?.checked).toBe(3 * 4);
  }, 60_000);

  it('flags nothing on a clean stretch of real 2008 days closed two weeks at a time, as a backfill closes them', async () => {
    // Prepare: 2008-02-01 … 2008-07-17, 12 closes of 14 days each (the most a batch catches up).
    await putItems(services.documents, localTableName('windows'), windowItems('2008-02-01', '2008-07-17'));
    const first = dayOf('2008-02-01');
    const closes = Array.from({ length: 12 }, (_, i) => ({
      before: (first + 14 * i) * DAY_MS,
      after: (first + 14 * (i + 1)) * DAY_MS,
    }));
    const run = check();

    // Act
    let checked = 0;
    for (const close of closes) checked += (await run(close, invoke()))?.checked ?? 0;

    // Assess: every location's 168 days judged, none flagged, nothing posted.
    expect(checked).toBe(windowItems('2008-02-01', '2008-07-17').length);
    expect(await services.scan('air-anomalies')).toEqual([]);
    expect(services.posts('sensor')).toEqual([]);
  }, 60_000);
});
