import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { US_AQI_CATEGORIES } from '../../functions/lib/air-quality/index.js';
import { localTableName } from '../../infra/local/provision.js';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.js';
import { pipeline } from '../../infra/pipeline.js';
import { forecastItem } from '../functions/helpers/air-api.js';
import { localDocumentClient } from '../functions/helpers/local-dynamo.js';
import { putItems } from '../functions/helpers/window-items.js';
import { type TestMessage, testProducer } from '../infra/local/esm/helpers/kafka.js';
import { readAirPanel } from './helpers/air-view.js';
import { launchChromium } from './helpers/chromium.js';
import { waitForFirstRender } from './helpers/dashboard-view.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Hours of Berlin readings, ending with the current hour: today and yesterday in the history. */
const HOURS = 30;
const isoHour = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Polls `check` every 250 ms until it returns a value. */
async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A flag in the `air-anomalies` table as the hourly step (span undefined) or the daily check (`day`) writes it. */
function flagItem(location: string, hour: string, pollutant: string, kind: string, span?: 'day') {
  return {
    location,
    at: span === 'day' ? `${hour}#day#${pollutant}` : `${hour}#${pollutant}`,
    hour,
    ...(span === 'day' ? { span, day: hour.slice(0, 10) } : { partition: 0, offset: 0 }),
    pollutant,
    kind,
    score: 1.25,
    reason: `${kind}: test reason`,
    value: 99,
    expected: 20,
    episodeStart: hour,
    alert: true,
    expiresAt: Math.floor(Date.parse(hour) / 1000) + 400 * 86_400,
  };
}

interface LocationsAnswer {
  locations: { name: string; now: { usAqi: number; category: { key: string; name: string } } | null }[];
}
interface HistoryAnswer {
  days: { date: string; means: { pm10: { mean: number } | null; pm25: { mean: number } | null } }[];
}

// The air panel against the real local runtime: readings through the broker and air-windows,
// a forecast in the air-forecasts table as the forecaster writes it, the query API, then the
// page in headless Chromium.
describe('live dashboard: air quality for riders', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-air-dashboard-'));
    runtime = await startLocalRuntime({ pipeline, dataDir, reset: true, demo: false, apiPort: 0, log: () => {} });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows each location’s AQI now in its colour, tomorrow’s advice and reasons, and the daily means beside the forecasts', async () => {
    // Prepare
    const nowMs = Date.now();
    const lastHour = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
    // Chronological on one partition: the other two deliver nothing, so the means' watermark
    // waits (idle timeout) and no hour is late.
    const readings: TestMessage[] = Array.from({ length: HOURS }, (_, i) => {
      const hour = lastHour - (HOURS - 1 - i) * HOUR_MS;
      return {
        partition: 0,
        key: `berlin|${isoHour(hour)}`,
        timestamp: Math.min(nowMs, hour + 15 * 60_000),
        value: JSON.stringify({
          schemaVersion: 1,
          location: 'berlin',
          lat: 52.52,
          lon: 13.405,
          hour: isoHour(hour),
          source: 'open-meteo',
          readings: { pm25: { value: 20 + (i % 5), unit: 'µg/m³' }, pm10: { value: 40 + (i % 7), unit: 'µg/m³' } },
        }),
      };
    });
    const producer = testProducer(runtime.bootstrap);
    await producer.send('air-quality', readings);
    await producer.close();
    const documents = localDocumentClient(runtime.endpoints.dynamodb);
    const today = day(nowMs);
    const tomorrow = day(nowMs + DAY_MS);
    const readingDays = new Set(Array.from({ length: HOURS }, (_, i) => day(lastHour - i * HOUR_MS))).size;
    const forecast = forecastItem('berlin', tomorrow, 171);
    await putItems(documents, localTableName('air-forecasts'), [forecastItem('berlin', today, 38), forecast]);
    // Berlin's flags as the two checks store them: an hourly spike yesterday, a closed day's
    // drift and an hourly stuck reading the day before; one older than the chart's 14 days, and
    // Hamburg's, are not Berlin's chart's.
    const yesterday = day(nowMs - DAY_MS);
    const dayBefore = day(nowMs - 2 * DAY_MS);
    await putItems(documents, localTableName('air-anomalies'), [
      flagItem('berlin', `${yesterday}T13:00:00Z`, 'pm10', 'spike'),
      flagItem('berlin', `${dayBefore}T00:00:00Z`, 'pm10', 'drift', 'day'),
      flagItem('berlin', `${dayBefore}T05:00:00Z`, 'o3', 'stuck'),
      flagItem('berlin', `${day(nowMs - 20 * DAY_MS)}T05:00:00Z`, 'pm10', 'spike'),
      flagItem('hamburg', `${yesterday}T13:00:00Z`, 'pm10', 'spike'),
    ]);
    documents.destroy();
    const api = async <T>(pathAndQuery: string): Promise<T> => {
      const res = await fetch(`${runtime.apiUrl}${pathAndQuery}`);
      expect(res.status, pathAndQuery).toBe(200);
      return (await res.json()) as T;
    };
    const locations = await until(
      async () => {
        const answer = await api<LocationsAnswer>('/v1/air/locations');
        return answer.locations[0]?.now?.usAqi ? answer : undefined;
      },
      60_000,
      'Berlin’s AQI now in the query API',
    );
    const history = await until(
      async () => {
        const answer = await api<HistoryAnswer>('/v1/air/berlin/history');
        const counted = answer.days.filter((d) => d.means.pm10 !== null).length;
        return counted === readingDays ? answer : undefined;
      },
      60_000,
      'Berlin’s daily means in the query API',
    );

    // Act
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(runtime.dashboardUrl as string);
    await waitForFirstRender(page, 20_000);
    const shown = await readAirPanel(page);
    // Point at the first anomaly marker, as a viewer would, and read the tooltip drawn for it.
    const chartBox = page.getByTestId('air-history-chart');
    const [x, y] = ((await chartBox.getAttribute('data-first-anomaly-at')) ?? '').split(',').map(Number);
    await chartBox.locator('canvas').hover({ position: { x: x!, y: y! } });
    await page
      .locator('[data-testid="air-history-chart"]:not([data-tooltip=""])[data-tooltip]')
      .waitFor({ timeout: 5_000 });
    const tooltip = (await chartBox.getAttribute('data-tooltip'))?.split('\n') ?? [];
    await page.close();

    // Assess
    expect(pageErrors).toEqual([]);
    const berlin = locations.locations[0]!.now!;
    const colour = US_AQI_CATEGORIES.find((c) => c.key === berlin.category.key)!.rgb;
    expect(shown.rows.map((r) => r.location)).toEqual(Object.values(pipeline.locations!).map((l) => l.description));
    expect(shown.rows[0]).toEqual({
      location: 'Berlin, Mitte',
      aqi: `${berlin.usAqi} ${berlin.category.name}`,
      category: berlin.category.key,
      background: `rgb(${colour.join(', ')})`,
    });
    expect(shown.rows.slice(1).map((r) => [r.aqi, r.category])).toEqual([
      ['–', null],
      ['–', null],
      ['–', null],
    ]);
    expect(shown.selected).toBe('berlin');
    expect(shown.nowAdvice).toMatch(/^Now in Berlin, Mitte: /);
    expect(shown.forecast.date).toBe(tomorrow);
    const forecastCategory = US_AQI_CATEGORIES.find((c) => c.key === forecast.usCategory)!;
    expect(shown.forecast.head).toBe(
      `Forecast for ${tomorrow}: PM10 171 µg/m³ ${forecast.usAqi} ${forecastCategory.name}`,
    );
    expect(shown.forecast.advice).toBe(`${forecast.advice.text} ${forecast.advice.reason}`);
    expect(shown.forecast.reasons).toEqual(forecast.reasons.map((r) => r.text));
    const withMeans = history.days.filter((d) => d.means.pm10 !== null).length;
    expect(shown.chart).toEqual({
      location: 'berlin',
      days: '14',
      pm10Points: String(withMeans),
      pm25Points: String(withMeans),
      // Today's forecast is in the 14 days; tomorrow's is not.
      forecastPoints: '1',
      // Berlin's three flags of the 14 days, on two days.
      anomalyPoints: '2',
      anomalies: '3',
      legend: ['PM10 daily mean', 'PM2.5 daily mean', 'PM10 forecast', 'Sensor anomaly'],
    });
    expect(shown.anomalies.summary).toBe('Sensor anomalies: 3 flagged on 2 days');
    // The first marker's tooltip names both flags of its day, kind first.
    expect(tooltip).toEqual(
      expect.arrayContaining([
        `Drift: PM10, daily mean of ${dayBefore.slice(5)} (score 1.25)`,
        `Stuck: O₃, ${dayBefore.slice(5)} 05:00 UTC (score 1.25)`,
      ]),
    );
    expect(shown.anomalies.items).toEqual([
      {
        text: `Drift: PM10, daily mean of ${dayBefore.slice(5)} (score 1.25): drift: test reason`,
        kind: 'drift',
        span: 'day',
      },
      {
        text: `Stuck: O₃, ${dayBefore.slice(5)} 05:00 UTC (score 1.25): stuck: test reason`,
        kind: 'stuck',
        span: 'hour',
      },
      {
        text: `Spike: PM10, ${yesterday.slice(5)} 13:00 UTC (score 1.25): spike: test reason`,
        kind: 'spike',
        span: 'hour',
      },
    ]);
  }, 120_000);
});
