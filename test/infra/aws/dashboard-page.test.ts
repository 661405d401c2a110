import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../../../dashboard/build.js';
import type { FeedbackResponse, TopResponse, WindowsResponse } from '../../../dashboard/src/contracts.js';
import { dashboardContentSecurityPolicy } from '../../../infra/aws/constructs/dashboard-site.js';
import { contentTypeOf } from '../../../infra/local/api/static-files.js';
import { readAirPanel } from '../../dashboard/helpers/air-view.js';
import { launchChromium } from '../../dashboard/helpers/chromium.js';
import { readDashboard, waitForFirstRender } from '../../dashboard/helpers/dashboard-view.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const WINDOW_MS = 600_000;

/** Query API answers of the shapes functions/query-api returns, for one open window. */
function answers(now: number): Record<string, TopResponse | WindowsResponse | FeedbackResponse | object> {
  const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
  const window = { start: new Date(start).toISOString(), end: new Date(start + WINDOW_MS).toISOString(), final: false };
  const watermark = new Date(start - WINDOW_MS).toISOString();
  const top = (metric: string, top: TopResponse['top']): TopResponse => ({ metric, window, watermark, top });
  return {
    '/v1/top/wiki-edits-by-user': top('wiki-edits-by-user', [
      { key: 'Ada Lovelace', count: 5 },
      { key: 'Bücherwurm', count: 3 },
    ]),
    '/v1/top/wiki-edits-by-server': top('wiki-edits-by-server', [{ key: 'en.wikipedia.org', count: 8 }]),
    '/v1/windows/feedback-by-band-1m': {
      metric: 'feedback-by-band-1m',
      from: new Date(start - 60_000).toISOString(),
      to: new Date(start + 60_000).toISOString(),
      watermark,
      windows: [
        {
          start: new Date(start).toISOString(),
          end: new Date(start + 60_000).toISOString(),
          final: false,
          total: 3,
          counts: { 'web|negative': 1, 'slack|positive': 2 },
        },
      ],
    },
    '/v1/feedback': {
      band: 'negative',
      items: [
        {
          id: 'x-1900000000000000001',
          source: 'x',
          text: 'the app updated and now the map is blank',
          ts: new Date(now - 60_000).toISOString(),
          score: 0.08,
          band: 'negative',
          author: '@rider',
          url: 'https://x.com/rider/status/1900000000000000001',
        },
      ],
    },
    ...airAnswers(now),
  };
}

/** The air routes' answers for one location, Berlin: Moderate now, a forecast for tomorrow, two days of history, a spike yesterday. */
function airAnswers(now: number): Record<string, object> {
  const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
  const moderate = { key: 'moderate', name: 'Moderate', colour: '#FFFF00' };
  const advice = { level: 'moderate', mask: 'none', text: 'No mask needed.', reason: 'Acceptable air.' };
  return {
    '/v1/air/locations': {
      locations: [
        {
          name: 'berlin',
          lat: 52.52,
          lon: 13.405,
          description: 'Berlin, Mitte',
          now: { hour: '2026-11-10T12:00:00.000Z', usAqi: 57, category: moderate, dominant: 'pm25', eaqi: null },
        },
      ],
    },
    '/v1/air/berlin': {
      location: { name: 'berlin', lat: 52.52, lon: 13.405, description: 'Berlin, Mitte' },
      now: { hour: '2026-11-10T12:00:00.000Z', usAqi: 57, category: moderate, advice },
      forecast: {
        date: day(1),
        pm10: 61,
        usAqi: 54,
        category: moderate,
        advice,
        reasons: [{ feature: 'lags', text: "yesterday's PM10 here was high: +6 µg/m³", contribution: 6 }],
      },
    },
    '/v1/air/berlin/history': {
      location: { name: 'berlin' },
      from: day(-1),
      to: day(0),
      days: [
        { date: day(-1), final: true, means: { pm25: { mean: 14 }, pm10: { mean: 30 } }, forecast: { pm10: 27 } },
        { date: day(0), final: false, means: { pm25: { mean: 16 }, pm10: null }, forecast: null },
      ],
    },
    '/v1/air/anomalies': {
      location: 'berlin',
      from: `${day(-1)}T00:00:00Z`,
      to: `${day(1)}T00:00:00Z`,
      items: [
        {
          hour: `${day(-1)}T13:00:00Z`,
          span: 'hour',
          pollutant: 'pm10',
          kind: 'spike',
          score: 1.17,
          reason: 'spike: 180 µg/m³ where 30 µg/m³ was expected',
          value: 180,
          expected: 30,
          episodeStart: `${day(-1)}T13:00:00Z`,
          alert: true,
        },
      ],
      truncated: false,
    },
  };
}

// The dashboard as the AWS stack serves it: the built files (config.json as the stack writes
// it) with the Content-Security-Policy header of the CloudFront distribution, and the query
// API on another origin answering with the CORS headers API Gateway adds for an allowed
// origin. Headless Chromium must draw every panel with no CSP violation and no page error.
describe('dashboard page under the AWS distribution’s headers (JWT auth)', () => {
  let browser: Browser;
  let site: { server: Server; origin: string };
  let api: { server: Server; origin: string };
  const apiRequests: { path: string; origin: string | undefined; authorization: string | undefined }[] = [];
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl';

  beforeAll(async () => {
    api = await listen((req, res) => {
      const url = new URL(req.url ?? '/', 'http://api');
      // API Gateway's CORS configuration: the allowed origin, echoed on every response, and
      // the preflight the Authorization header makes the browser send.
      if (req.headers.origin === site.origin) res.setHeader('access-control-allow-origin', site.origin);
      if (req.method === 'OPTIONS') {
        res.setHeader('access-control-allow-headers', 'authorization,content-type');
        res.setHeader('access-control-allow-methods', 'GET');
        return void res.writeHead(204).end();
      }
      apiRequests.push({ path: url.pathname, origin: req.headers.origin, authorization: req.headers.authorization });
      // The JWT authorizer: no bearer token, no data.
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end('{}');
      const body = answers(Date.now())[url.pathname];
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
    const files = await buildDashboard({ sourcemap: false });
    files.set('config.json', new TextEncoder().encode(JSON.stringify({ apiBaseUrl: api.origin, auth: 'jwt' })));
    site = await listen((req, res) => {
      const name = req.url === '/' ? 'index.html' : (req.url ?? '').slice(1);
      const body = files.get(name);
      if (!body) return void res.writeHead(404).end();
      res
        .writeHead(200, {
          'content-type': contentTypeOf(name),
          'content-security-policy': dashboardContentSecurityPolicy(api.origin),
        })
        .end(body);
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    site?.server.close();
    api?.server.close();
  });

  it('draws every panel from the cross-origin API with the bearer token and no CSP violation', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    // Runs in the page (a string: this file is compiled without the DOM types).
    await page.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (e) => " +
        "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    });

    // Act: as the identity provider's sign-in redirect lands.
    await page.goto(`${site.origin}/#access_token=${TOKEN}&token_type=Bearer`);
    await waitForFirstRender(page, 20_000);
    const shown = await readDashboard(page);
    const air = await readAirPanel(page);
    const address = page.url();
    await page.close();

    // Assess
    expect(problems).toEqual([]);
    expect(shown.editors.rows.map((r) => r[1])).toEqual(['Ada Lovelace', 'Bücherwurm']);
    expect(shown.wikis.rows).toEqual([['1', 'en.wikipedia.org', '8']]);
    expect(shown.bands.chart.bars).toBe('2');
    expect(shown.negative.sources).toEqual(['x']);
    // The AQI chip painted in EPA's yellow under the CSP (set through the CSSOM, not a style attribute).
    expect(air.rows).toEqual([
      { location: 'Berlin, Mitte', aqi: '57 Moderate', category: 'moderate', background: 'rgb(255, 255, 0)' },
    ]);
    expect(air.forecast.reasons).toEqual(["yesterday's PM10 here was high: +6 µg/m³"]);
    expect(air.chart).toMatchObject({
      days: '2',
      pm10Points: '1',
      pm25Points: '2',
      forecastPoints: '1',
      anomalyPoints: '1',
    });
    expect(apiRequests.length).toBeGreaterThanOrEqual(3);
    for (const r of apiRequests) {
      expect(r.origin).toBe(site.origin);
      expect(r.authorization).toBe(`Bearer ${TOKEN}`);
    }
    // The token left the address bar once read.
    expect(address).toBe(`${site.origin}/`);
  }, 60_000);
});
