import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eaqi, usAqi } from '../../../functions/lib/air-quality/index.js';
import { POLLUTANTS } from '../../../functions/lib/air-records/index.js';
import { MAX_HISTORY_DAYS } from '../../../functions/query-api/air-history-route.js';
import { localTableName } from '../../../infra/local/provision.js';
import { forecastItem, HOURS, hourValues, NOW, putForecasts, seedBerlin } from '../helpers/air-api.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';
import { queryApiClient, stubQuietEnvironment } from '../helpers/query-api-client.js';

const ROUTE = 'GET /v1/air/{location}/history';

type Mean = { mean: number; min: number; max: number; hours: number; unit: string } | null;
interface Day {
  date: string;
  final: boolean;
  means: Record<string, Mean>;
  usAqi: { aqi: number; category: { key: string; colour: string }; dominant: string } | null;
  eaqi: { level: number; dominant: string } | null;
  forecast: { date: string; pm10: number; usAqi: number } | null;
}
interface History {
  from: string;
  to: string;
  days: Day[];
  indexBasis: { usAqi: string; eaqi: string };
  error?: string;
  field?: string;
  message?: string;
}

/** The readings' daily statistics, worked out plainly from the values the helper produced. */
function expectedDay(day: number) {
  const hours = Array.from({ length: 24 }, (_, i) => day * 24 + i).filter((h) => h < HOURS);
  return Object.fromEntries(
    POLLUTANTS.map((p) => {
      const values = hours.map((h) => hourValues(h)[p]);
      return [
        p,
        {
          mean: values.reduce((a, b) => a + b, 0) / values.length,
          min: Math.min(...values),
          max: Math.max(...values),
          hours: values.length,
        },
      ];
    }),
  );
}

describe('GET /v1/air/{location}/history', () => {
  let services: FeedbackServices;
  let api: ReturnType<typeof queryApiClient>;
  const history = (location: string, query: Record<string, string> | [string, string][] = {}) =>
    api.get<History>(ROUTE, { pathParameters: { location }, query });

  beforeAll(async () => {
    stubQuietEnvironment();
    services = await startFeedbackServices();
    api = queryApiClient({ documents: services.documents, tableName: localTableName }, { now: () => NOW });
    await seedBerlin(services);
    await putForecasts(services, [
      forecastItem('berlin', '2026-11-09', 31),
      forecastItem('berlin', '2026-11-10', 44),
      forecastItem('berlin', '2026-11-11', 57),
      forecastItem('munich', '2026-11-09', 99),
    ]);
  }, 30_000);

  afterAll(async () => {
    await services?.close();
    vi.unstubAllEnvs();
  });

  it('lists the last 14 days by default: daily means, the day’s indexes from its PM means, finality and the forecast made for it', async () => {
    // Act
    const answer = await history('berlin');

    // Assess
    expect(answer.status).toBe(200);
    const { days } = answer.body;
    expect(answer.body).toMatchObject({ from: '2026-10-28', to: '2026-11-10' });
    expect(answer.body.indexBasis.usAqi).toContain('24-hour means');
    expect(days.map((d) => d.date)).toHaveLength(14);
    expect(days[0]!.date).toBe('2026-10-28');
    expect(days.slice(0, 11).every((d) => d.usAqi === null && Object.values(d.means).every((m) => m === null))).toBe(
      true,
    );
    const shown = days.slice(11);
    expect(shown.map((d) => [d.date, d.final, d.forecast?.pm10 ?? null])).toEqual([
      ['2026-11-08', true, null],
      ['2026-11-09', true, 31],
      ['2026-11-10', false, 44],
    ]);
    shown.forEach((d, day) => {
      const expected = expectedDay(day);
      for (const p of POLLUTANTS) {
        const m = d.means[p]!;
        expect(m.mean, `${d.date} ${p}`).toBeCloseTo(expected[p]!.mean, 9);
        expect([m.min, m.max, m.hours], `${d.date} ${p}`).toEqual([
          expected[p]!.min,
          expected[p]!.max,
          expected[p]!.hours,
        ]);
      }
      expect(d.means.pm10!.unit).toBe('µg/m³');
      expect(d.means.co!.unit).toBe('ppm');
      const us = usAqi({ pm25Ugm3: d.means.pm25!.mean, pm10Ugm3: d.means.pm10!.mean });
      const eu = eaqi({ pm25: d.means.pm25!.mean, pm10: d.means.pm10!.mean });
      expect(d.usAqi).toMatchObject({ aqi: us.aqi, dominant: us.dominant, category: { key: us.category!.key } });
      expect(d.eaqi).toMatchObject({ level: eu.level!.level, dominant: eu.dominant });
    });
    expect(shown[2]!.forecast).toMatchObject({ date: '2026-11-10', basedOn: '2026-11-09', reasons: expect.any(Array) });
  });

  it('lists from..to inclusive, also reaching a day that has only a forecast', async () => {
    // Act
    const answer = await history('berlin', { from: '2026-11-09', to: '2026-11-11' });
    const onlyFrom = await history('berlin', { from: '2026-11-01' });

    // Assess
    expect(answer.body.days.map((d) => [d.date, d.means.pm10 === null, d.forecast?.pm10 ?? null])).toEqual([
      ['2026-11-09', false, 31],
      ['2026-11-10', false, 44],
      ['2026-11-11', true, 57],
    ]);
    expect([onlyFrom.body.from, onlyFrom.body.to, onlyFrom.body.days.length]).toEqual(['2026-11-01', '2026-11-14', 14]);
  });

  it('answers a declared location without data with empty days, and 404 for an undeclared one', async () => {
    // Act
    const munich = await history('munich', { from: '2026-11-09', to: '2026-11-09' });
    const unknown = await history('atlantis');

    // Assess
    expect(munich.body.days).toEqual([
      {
        date: '2026-11-09',
        final: true,
        means: { pm25: null, pm10: null, o3: null, no2: null, so2: null, co: null },
        usAqi: null,
        eaqi: null,
        forecast: expect.objectContaining({ pm10: 99 }),
      },
    ]);
    expect([unknown.status, unknown.body.field]).toEqual([404, 'location']);
  });

  it.each([
    [{ from: '2026-02-30' }, 'from', 'from must be a date YYYY-MM-DD (UTC, from 1970), got "2026-02-30"'],
    [{ to: '2026-1-01' }, 'to', 'to must be a date YYYY-MM-DD (UTC, from 1970), got "2026-1-01"'],
    [{ to: '2026-11-10T00:00:00Z' }, 'to', 'to must be a date YYYY-MM-DD (UTC, from 1970), got "2026-11-10T00:00:00Z"'],
    [{ from: '1969-12-31' }, 'from', 'from must be a date YYYY-MM-DD (UTC, from 1970), got "1969-12-31"'],
    [{ from: '0099-01-01' }, 'from', 'from must be a date YYYY-MM-DD (UTC, from 1970), got "0099-01-01"'],
    [{ from: '' }, 'from', 'from must be a date YYYY-MM-DD (UTC, from 1970), got ""'],
    [{ from: '2026-11-10', to: '2026-11-09' }, 'from', 'from (2026-11-10) must not be after to (2026-11-09)'],
    [
      { from: '2025-11-09', to: '2026-11-10' },
      'from',
      `from..to spans 367 days; at most ${MAX_HISTORY_DAYS} can be listed at once`,
    ],
    [
      [
        ['from', '2026-11-01'],
        ['from', '2026-11-02'],
      ],
      'from',
      'from must be given once, got 2 values',
    ],
  ] as const)('answers 400 naming the parameter for %j', async (query, field, message) => {
    // Act
    const answer = await history('berlin', query as Record<string, string> | [string, string][]);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'bad_request', field, message });
  });

  it('lists a whole year at most', async () => {
    // Act
    const year = await history('berlin', { from: '2025-11-10', to: '2026-11-10' });

    // Assess
    expect(year.status).toBe(200);
    expect(year.body.days).toHaveLength(MAX_HISTORY_DAYS);
  });
});
