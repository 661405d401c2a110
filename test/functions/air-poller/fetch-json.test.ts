import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OpenMeteoHttpError,
  OpenMeteoResponseError,
  OpenMeteoUnreachableError,
} from '../../../functions/air-poller/errors.js';
import { type FetchJsonOptions, fetchJson, retryAfterMs } from '../../../functions/air-poller/fetch-json.js';
import { type FakeOpenMeteo, startFakeOpenMeteo } from '../helpers/open-meteo-server.js';

const LAT = 52.52;

describe('fetchJson', () => {
  let server: FakeOpenMeteo;
  let sleeps: number[];
  const url = () => `${server.airUrl}?latitude=${LAT}&longitude=13.4&hourly=pm10&past_days=1&forecast_days=1`;
  const options = (overrides: Partial<FetchJsonOptions> = {}): FetchJsonOptions => {
    sleeps = [];
    return {
      timeoutMs: 2_000,
      maxAttempts: 4,
      baseDelayMs: 100,
      budgetMs: () => 30_000,
      userAgent: 'test',
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...overrides,
    };
  };

  beforeAll(async () => {
    server = await startFakeOpenMeteo({ today: () => '2026-12-05' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('retries a hung request after its timeout, then takes the answer', async () => {
    // Prepare
    server.script('air-quality', LAT, [{ status: 0, body: '' }]);

    // Act
    const started = Date.now();
    const { body, attempts } = await fetchJson(url(), options({ timeoutMs: 300 }));

    // Assess
    expect(attempts).toBe(2);
    expect(sleeps).toEqual([100]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(body).toMatchObject({ utc_offset_seconds: 0, hourly: { pm10: expect.any(Array) } });
  });

  it('gives up after the attempts allowed, doubling the wait, with the last error', async () => {
    // Prepare
    const fail = { status: 502, body: 'Bad Gateway' };
    server.script('air-quality', LAT, [fail, fail, fail, fail]);

    // Act
    const act = fetchJson(url(), options());

    // Assess
    await expect(act).rejects.toThrow(OpenMeteoHttpError);
    await expect(act).rejects.toMatchObject({ status: 502 });
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('throws OpenMeteoUnreachableError when nothing listens', async () => {
    // Prepare: a port that was free a moment ago.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    // Act
    const act = fetchJson(`http://127.0.0.1:${port}/v1/air-quality`, options({ maxAttempts: 2 }));

    // Assess
    await expect(act).rejects.toThrow(OpenMeteoUnreachableError);
    expect(sleeps).toEqual([100]);
  });

  it('does not start a wait that would end past the budget', async () => {
    // Prepare
    server.script('air-quality', LAT, [{ status: 503, body: '' }]);

    // Act
    const act = fetchJson(url(), options({ budgetMs: () => 50 }));

    // Assess
    await expect(act).rejects.toMatchObject({ name: 'OpenMeteoHttpError', status: 503 });
    expect(sleeps).toEqual([]);
  });

  it('refuses an answer over the size limit without retrying', async () => {
    // Prepare
    server.script('air-quality', LAT, [{ status: 200, body: `[${'0,'.repeat(1_100_000)}0]` }]);

    // Act
    const act = fetchJson(url(), options());

    // Assess
    await expect(act).rejects.toThrow(OpenMeteoResponseError);
    await expect(act).rejects.toThrow('(body): the answer is over 2097152 bytes');
    expect(sleeps).toEqual([]);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    // Prepare
    const now = Date.parse('2026-12-05T13:00:00Z');

    // Act
    const values = ['7', ' 0 ', 'Sat, 05 Dec 2026 13:00:30 GMT', 'Sat, 05 Dec 2026 12:00:00 GMT', 'soon', null].map(
      (h) => retryAfterMs(h, now),
    );

    // Assess
    expect(values).toEqual([7_000, 0, 30_000, 0, undefined, undefined]);
  });
});
