import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricSpec } from '../../../infra/pipeline/types.js';
import { pipeline } from '../../../infra/pipeline.js';
import { type LocalDynamo, startLocalDynamo } from '../helpers/local-dynamo.js';
import { queryApiClient, stubQuietEnvironment } from '../helpers/query-api-client.js';
import { putItems, stateItem, windowItem } from '../helpers/window-items.js';

const ROUTE = 'GET /v1/windows/{metric}';
const METRIC = 'wiki-edits-by-user';
const TEN_MINUTES = 600_000;
const at = (hh: number, mm: number) => Date.UTC(2025, 5, 1, hh, mm);
const iso = (ms: number) => new Date(ms).toISOString();
const NOW = at(12, 0);
const window10 = (start: number) => ({ start, sizeMs: TEN_MINUTES });

describe('GET /v1/windows/{metric}', () => {
  let dynamo: LocalDynamo;
  let api: ReturnType<typeof queryApiClient>;
  const seedWindows = (items: object[]) => putItems(dynamo.documents, dynamo.tableName('windows'), items);
  const seedState = (items: object[]) => putItems(dynamo.documents, dynamo.tableName('window-state'), items);
  const windows = (query: Record<string, string> | [string, string][] = {}, metric = METRIC) =>
    api.get<Record<string, unknown>>(ROUTE, { pathParameters: { metric }, query });

  beforeAll(async () => {
    stubQuietEnvironment();
    dynamo = await startLocalDynamo();
    api = queryApiClient(dynamo, { now: () => NOW });
  });

  beforeEach(async () => {
    await dynamo.reset();
  });

  afterAll(async () => {
    await dynamo.close();
    vi.unstubAllEnvs();
  });

  it('lists every window of one key in [from, to), zero where it had none, expired ones as none, final up to the watermark', async () => {
    // Prepare
    await seedState([stateItem(METRIC, { maxEventTimes: [at(10, 35), at(10, 25)], watermark: at(10, 20) })]);
    await seedWindows([
      windowItem(METRIC, 'Alice', window10(at(9, 50)), 9),
      windowItem(METRIC, 'Alice', window10(at(10, 0)), 3),
      windowItem(METRIC, 'Alice', window10(at(10, 20)), 5),
      windowItem(METRIC, 'Alice', window10(at(10, 30)), 2, { expiresAt: NOW / 1000 - 1 }),
      windowItem(METRIC, 'Alice', window10(at(10, 40)), 8),
      windowItem(METRIC, 'Bob', window10(at(10, 10)), 4),
    ]);

    // Act
    const answer = await windows({ key: 'Alice', from: iso(at(10, 0)), to: iso(at(10, 40)) });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      metric: METRIC,
      key: 'Alice',
      from: '2025-06-01T10:00:00.000Z',
      to: '2025-06-01T10:40:00.000Z',
      watermark: '2025-06-01T10:20:00.000Z',
      windows: [
        { start: '2025-06-01T10:00:00.000Z', end: '2025-06-01T10:10:00.000Z', count: 3, final: true },
        { start: '2025-06-01T10:10:00.000Z', end: '2025-06-01T10:20:00.000Z', count: 0, final: true },
        { start: '2025-06-01T10:20:00.000Z', end: '2025-06-01T10:30:00.000Z', count: 5, final: false },
        { start: '2025-06-01T10:30:00.000Z', end: '2025-06-01T10:40:00.000Z', count: 0, final: false },
      ],
    });
  });

  it('starts the range at the first window start at or after from, and accepts offsets other than Z', async () => {
    // Act
    const answer = await windows({ key: 'Alice', from: '2025-06-01T12:05:00+02:00', to: '2025-06-01T10:30:00Z' });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.from).toBe('2025-06-01T10:05:00.000Z');
    expect((answer.body.windows as { start: string }[]).map((w) => w.start)).toEqual([
      '2025-06-01T10:10:00.000Z',
      '2025-06-01T10:20:00.000Z',
    ]);
  });

  it('defaults to the 24 windows ending with the newest one the state places', async () => {
    // Prepare
    await seedState([stateItem(METRIC, { maxEventTimes: [at(10, 35), at(10, 25)] })]);
    await seedWindows([windowItem(METRIC, 'Alice', window10(at(10, 30)), 6)]);

    // Act
    const answer = await windows({ key: 'Alice' });

    // Assess
    const listed = answer.body.windows as { start: string; count: number; final: boolean }[];
    expect(answer.body).toMatchObject({
      from: '2025-06-01T06:40:00.000Z',
      to: '2025-06-01T10:40:00.000Z',
      watermark: null,
    });
    expect(listed).toHaveLength(24);
    expect(listed[0]!.start).toBe('2025-06-01T06:40:00.000Z');
    expect(listed.at(-1)).toEqual({
      start: '2025-06-01T10:30:00.000Z',
      end: '2025-06-01T10:40:00.000Z',
      count: 6,
      final: false,
    });
  });

  it('ends the default range now while the metric has no state, and counts nothing final', async () => {
    // Act
    const answer = await windows({});

    // Assess
    const listed = answer.body.windows as { start: string; total: number; final: boolean }[];
    expect(answer.body).toMatchObject({ to: '2025-06-01T12:00:00.000Z', from: '2025-06-01T08:00:00.000Z' });
    expect(listed).toHaveLength(24);
    expect(listed.every((w) => w.total === 0 && w.final === false)).toBe(true);
  });

  it('gives each window across keys its total, its 100 largest counts, and truncated when it has more keys', async () => {
    // Prepare
    await seedState([stateItem(METRIC, { maxEventTimes: [at(10, 25)], watermark: at(10, 10) })]);
    const many = Array.from({ length: 105 }, (_, i) =>
      windowItem(METRIC, `user-${String(i).padStart(3, '0')}`, window10(at(10, 0)), i + 1),
    );
    await seedWindows([
      ...many,
      windowItem(METRIC, 'a', window10(at(10, 10)), 2),
      windowItem(METRIC, 'b', window10(at(10, 10)), 1),
      windowItem(METRIC, 'c', window10(at(10, 10)), 50, { expiresAt: NOW / 1000 }),
    ]);

    // Act
    const answer = await windows({ from: iso(at(10, 0)), to: iso(at(10, 30)) });

    // Assess
    expect(answer.status).toBe(200);
    const [crowded, small, empty] = answer.body.windows as {
      start: string;
      final: boolean;
      total: number;
      counts: Record<string, number>;
      truncated?: boolean;
    }[];
    expect(answer.body).toMatchObject({ metric: METRIC, watermark: '2025-06-01T10:10:00.000Z' });
    expect(answer.body).not.toHaveProperty('key');
    expect(crowded).toMatchObject({ start: '2025-06-01T10:00:00.000Z', final: true, total: 5565, truncated: true });
    expect(Object.keys(crowded!.counts)).toHaveLength(100);
    expect(Math.min(...Object.values(crowded!.counts))).toBe(6);
    expect(crowded!.counts['user-104']).toBe(105);
    expect(small).toEqual({
      start: '2025-06-01T10:10:00.000Z',
      end: '2025-06-01T10:20:00.000Z',
      final: false,
      total: 3,
      counts: { a: 2, b: 1 },
    });
    expect(empty).toMatchObject({ start: '2025-06-01T10:20:00.000Z', total: 0, counts: {} });
    expect(empty).not.toHaveProperty('truncated');
  });

  it('lists hopping windows on the slide grid, each as long as the window', async () => {
    // Prepare
    const hopping: Record<string, MetricSpec> = {
      'edits-hopping': {
        ...pipeline.metrics[METRIC]!,
        window: { sizeSeconds: 600, slideSeconds: 300 },
      },
    };
    const hoppingApi = queryApiClient(dynamo, { now: () => NOW, metrics: hopping });
    await seedState([stateItem('edits-hopping', { maxEventTimes: [at(10, 12)], watermark: at(10, 15) })]);
    await seedWindows([windowItem('edits-hopping', 'Alice', { start: at(10, 5), sizeMs: TEN_MINUTES }, 4)]);

    // Act
    const ranged = await hoppingApi.get(ROUTE, {
      pathParameters: { metric: 'edits-hopping' },
      query: { key: 'Alice', from: iso(at(10, 0)), to: iso(at(10, 15)) },
    });
    const defaulted = await hoppingApi.get(ROUTE, {
      pathParameters: { metric: 'edits-hopping' },
      query: { key: 'Alice' },
    });

    // Assess
    expect(ranged.body.windows).toEqual([
      { start: '2025-06-01T10:00:00.000Z', end: '2025-06-01T10:10:00.000Z', count: 0, final: true },
      { start: '2025-06-01T10:05:00.000Z', end: '2025-06-01T10:15:00.000Z', count: 4, final: true },
      { start: '2025-06-01T10:10:00.000Z', end: '2025-06-01T10:20:00.000Z', count: 0, final: false },
    ]);
    // The newest window (10:10, holding 10:12) is the last listed.
    expect(defaulted.body.to).toBe('2025-06-01T10:15:00.000Z');
    expect((defaulted.body.windows as { start: string }[]).at(-1)!.start).toBe('2025-06-01T10:10:00.000Z');
  });

  it('gives a numeric metric’s windows their mean, min, max and sum, null where a window has no records', async () => {
    // Prepare
    const numeric: Record<string, MetricSpec> = {
      'pm10-10m': { ...pipeline.metrics[METRIC]!, value: { field: 'pm10', unit: 'µg/m³' } },
    };
    const numericApi = queryApiClient(dynamo, { now: () => NOW, metrics: numeric });
    await seedState([stateItem('pm10-10m', { maxEventTimes: [at(10, 12)], watermark: at(10, 0) })]);
    await seedWindows([{ ...windowItem('pm10-10m', 'berlin', window10(at(10, 0)), 4), sum: 90, min: 12.5, max: 40 }]);

    // Act
    const answer = await numericApi.get(ROUTE, {
      pathParameters: { metric: 'pm10-10m' },
      query: { key: 'berlin', from: iso(at(10, 0)), to: iso(at(10, 20)) },
    });

    // Assess
    expect(answer.body.unit).toBe('µg/m³');
    expect(answer.body.windows).toEqual([
      { start: iso(at(10, 0)), end: iso(at(10, 10)), count: 4, mean: 22.5, min: 12.5, max: 40, sum: 90, final: false },
      {
        start: iso(at(10, 10)),
        end: iso(at(10, 20)),
        count: 0,
        mean: null,
        min: null,
        max: null,
        sum: null,
        final: false,
      },
    ]);
  });

  it('lists up to 1000 windows of one key and up to 120 across keys', async () => {
    // Act
    const withKey = await windows({ key: 'Alice', from: iso(at(12, 0) - 1000 * TEN_MINUTES), to: iso(at(12, 0)) });
    const acrossKeys = await windows({ from: iso(at(12, 0) - 120 * TEN_MINUTES), to: iso(at(12, 0)) });

    // Assess
    expect(withKey.status).toBe(200);
    expect(withKey.body.windows).toHaveLength(1000);
    expect(acrossKeys.status).toBe(200);
    expect(acrossKeys.body.windows).toHaveLength(120);
  });

  it('answers 400 naming the parameter for each bad one, and ignores unknown ones', async () => {
    // Prepare
    const cases: [Record<string, string> | [string, string][], string][] = [
      [{ from: 'yesterday' }, 'from'],
      [{ from: '2025-06-01T10:00:00' }, 'from'],
      [{ from: '2025-06-01 10:00:00+02:00' }, 'from'],
      [{ to: '2025-02-30T10:00:00Z' }, 'to'],
      [{ to: '' }, 'to'],
      [{ from: iso(at(10, 0)), to: iso(at(10, 0)) }, 'from'],
      [{ from: iso(at(11, 0)), to: iso(at(10, 0)) }, 'from'],
      [{ from: iso(at(13, 0)) }, 'from'],
      [{ key: 'Alice', from: iso(at(12, 0) - 1001 * TEN_MINUTES), to: iso(at(12, 0)) }, 'from'],
      [{ from: iso(at(12, 0) - 121 * TEN_MINUTES), to: iso(at(12, 0)) }, 'from'],
      [{ key: '' }, 'key'],
      [{ key: 'x'.repeat(1025) }, 'key'],
      [
        [
          ['key', 'Alice'],
          ['key', 'Bob'],
        ],
        'key',
      ],
      [
        [
          ['from', iso(at(10, 0))],
          ['from', iso(at(10, 10))],
        ],
        'from',
      ],
    ];

    // Act
    const answers = await Promise.all(cases.map(([query]) => windows(query)));
    const unknown = await windows([
      ['key', 'Alice'],
      ['colour', 'red'],
      ['colour', 'blue'],
    ]);

    // Assess
    expect(answers.map((a) => [a.status, a.body.error, a.body.field])).toEqual(
      cases.map(([, field]) => [400, 'bad_request', field]),
    );
    expect(answers.every((a) => typeof a.body.message === 'string' && a.body.message !== '')).toBe(true);
    expect(answers[8]!.body.message).toBe('from..to holds 1001 windows of 600 s; at most 1000 can be listed at once');
    expect(unknown.status).toBe(200);
  });

  it('answers 404 naming metric for a metric the pipeline does not declare', async () => {
    // Act
    const unknown = await windows({}, 'no-such-metric');
    const inherited = await windows({}, 'constructor');

    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'not_found', message: 'no metric "no-such-metric"', field: 'metric' });
    expect(inherited.status).toBe(404);
    expect(inherited.body.field).toBe('metric');
  });
});
