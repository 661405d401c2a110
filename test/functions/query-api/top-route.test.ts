import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalDynamo, localDocumentClient, startLocalDynamo } from '../helpers/local-dynamo.js';
import { queryApiClient, recordCommands, stubQuietEnvironment } from '../helpers/query-api-client.js';
import { putItems, stateItem, windowItem } from '../helpers/window-items.js';

const ROUTE = 'GET /v1/top/{metric}';
const METRIC = 'wiki-edits-by-user';
const TEN_MINUTES = 600_000;
const at = (hh: number, mm: number) => Date.UTC(2025, 5, 1, hh, mm);
const NOW = at(12, 0);
const window10 = (start: number) => ({ start, sizeMs: TEN_MINUTES });

interface TopBody {
  metric: string;
  window: { start: string; end: string; final: boolean } | null;
  watermark: string | null;
  top: { key: string; count: number }[];
  error?: string;
  field?: string;
}

describe('GET /v1/top/{metric}', () => {
  let dynamo: LocalDynamo;
  let api: ReturnType<typeof queryApiClient>;
  const seedWindows = (items: object[]) => putItems(dynamo.documents, dynamo.tableName('windows'), items);
  const seedState = (items: object[]) => putItems(dynamo.documents, dynamo.tableName('window-state'), items);
  const top = (query: Record<string, string> | [string, string][] = {}, metric = METRIC) =>
    api.get<TopBody>(ROUTE, { pathParameters: { metric }, query });

  /** The newest window (10:30) with a leader, a three-way tie, a trailer and an expired item larger than all. */
  const seedLatest = async () => {
    await seedState([stateItem(METRIC, { maxEventTimes: [at(10, 35), at(10, 31)], watermark: at(10, 20) })]);
    await seedWindows([
      windowItem(METRIC, 'erin', window10(at(10, 30)), 1),
      windowItem(METRIC, 'dave', window10(at(10, 30)), 5),
      windowItem(METRIC, 'bob', window10(at(10, 30)), 5),
      windowItem(METRIC, 'alice', window10(at(10, 30)), 7),
      windowItem(METRIC, 'carol', window10(at(10, 30)), 5),
      windowItem(METRIC, 'frank', window10(at(10, 30)), 100, { expiresAt: NOW / 1000 - 60 }),
      windowItem(METRIC, 'zed', window10(at(10, 20)), 50),
    ]);
  };

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

  it('ranks the latest window by count, ties by key, skipping expired items', async () => {
    // Prepare
    await seedLatest();

    // Act
    const answer = await top({ window: 'latest', n: '3' });
    const all = await top();

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      metric: METRIC,
      window: { start: '2025-06-01T10:30:00.000Z', end: '2025-06-01T10:40:00.000Z', final: false },
      watermark: '2025-06-01T10:20:00.000Z',
      top: [
        { key: 'alice', count: 7 },
        { key: 'bob', count: 5 },
        { key: 'carol', count: 5 },
      ],
    });
    expect(all.body.top.map((e) => e.key)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
  });

  it('settles a run of ties longer than a page the same way every time', async () => {
    // Prepare
    await seedState([stateItem(METRIC, { maxEventTimes: [at(10, 5)] })]);
    const tied = Array.from({ length: 30 }, (_, i) => windowItem(METRIC, `user-${29 - i}`, window10(at(10, 0)), 4));
    await seedWindows([...tied, windowItem(METRIC, 'leader', window10(at(10, 0)), 9)]);

    // Act
    const answer = await top({ n: '10' });

    // Assess
    expect(answer.body.top).toEqual([
      { key: 'leader', count: 9 },
      ...['user-0', 'user-1', 'user-10', 'user-11', 'user-12', 'user-13', 'user-14', 'user-15', 'user-16'].map(
        (key) => ({ key, count: 4 }),
      ),
    ]);
  });

  it('ranks the newest final window for window=final', async () => {
    // Prepare
    await seedLatest();
    await seedWindows([
      windowItem(METRIC, 'yves', window10(at(10, 10)), 3),
      windowItem(METRIC, 'xena', window10(at(10, 10)), 8),
    ]);

    // Act
    const answer = await top({ window: 'final' });

    // Assess
    expect(answer.body.window).toEqual({
      start: '2025-06-01T10:10:00.000Z',
      end: '2025-06-01T10:20:00.000Z',
      final: true,
    });
    expect(answer.body.top).toEqual([
      { key: 'xena', count: 8 },
      { key: 'yves', count: 3 },
    ]);
  });

  it('ranks the window starting at an ISO start in any offset, final or not by the watermark', async () => {
    // Prepare
    await seedLatest();

    // Act
    const open = await top({ window: '2025-06-01T12:20:00+02:00' });
    const closed = await top({ window: '2025-06-01T10:10:00Z' });

    // Assess
    expect(open.body.window).toEqual({
      start: '2025-06-01T10:20:00.000Z',
      end: '2025-06-01T10:30:00.000Z',
      final: false,
    });
    expect(open.body.top).toEqual([{ key: 'zed', count: 50 }]);
    expect(closed.body.window).toEqual({
      start: '2025-06-01T10:10:00.000Z',
      end: '2025-06-01T10:20:00.000Z',
      final: true,
    });
    expect(closed.body.top).toEqual([]);
  });

  it('names no window for latest or final before the metric has state', async () => {
    // Act
    const latest = await top({ window: 'latest' });
    const final = await top({ window: 'final' });
    const given = await top({ window: '2025-06-01T10:10:00Z' });

    // Assess
    expect(latest.status).toBe(200);
    expect(latest.body).toEqual({ metric: METRIC, window: null, watermark: null, top: [] });
    expect(final.body).toEqual({ metric: METRIC, window: null, watermark: null, top: [] });
    expect(given.body.window).toEqual({
      start: '2025-06-01T10:10:00.000Z',
      end: '2025-06-01T10:20:00.000Z',
      final: false,
    });
  });

  it('names no final window while records have arrived but the watermark has not moved', async () => {
    // Prepare
    await seedState([stateItem(METRIC, { maxEventTimes: [at(10, 5)] })]);

    // Act
    const final = await top({ window: 'final' });
    const latest = await top({ window: 'latest' });

    // Assess
    expect(final.body.window).toBeNull();
    expect(latest.body.window).toEqual({
      start: '2025-06-01T10:00:00.000Z',
      end: '2025-06-01T10:10:00.000Z',
      final: false,
    });
  });

  it('reads the top with Limit-ed backward queries on the by-window index, never a scan', async () => {
    // Prepare
    await seedState([stateItem(METRIC, { maxEventTimes: [at(10, 5)] })]);
    const tied = Array.from({ length: 30 }, (_, i) => windowItem(METRIC, `user-${i}`, window10(at(10, 0)), 4));
    await seedWindows([...tied, windowItem(METRIC, 'leader', window10(at(10, 0)), 9)]);
    const documents = localDocumentClient(dynamo.service.endpoint);
    const commands = recordCommands(documents);
    const recorded = queryApiClient(dynamo, { now: () => NOW, documents });

    // Act
    const answer = await recorded.get<TopBody>(ROUTE, { pathParameters: { metric: METRIC }, query: { n: '5' } });
    documents.destroy();

    // Assess
    expect(answer.body.top).toHaveLength(5);
    const queries = commands.filter((c) => c.name === 'QueryCommand');
    expect(commands.filter((c) => c.name !== 'QueryCommand')).toEqual([
      { name: 'GetItemCommand', input: expect.objectContaining({ TableName: dynamo.tableName('window-state') }) },
    ]);
    // 31 items at 7 a page: the ties take several pages, each bounded.
    expect(queries.length).toBeGreaterThan(1);
    for (const query of queries) {
      expect(query.input).toMatchObject({
        TableName: dynamo.tableName('windows'),
        IndexName: 'by-window',
        ScanIndexForward: false,
        Limit: 7,
      });
    }
  });

  it('reads a single page when no tie crosses the Nth place', async () => {
    // Prepare
    await seedLatest();
    const documents = localDocumentClient(dynamo.service.endpoint);
    const commands = recordCommands(documents);
    const recorded = queryApiClient(dynamo, { now: () => NOW, documents });

    // Act
    await recorded.get<TopBody>(ROUTE, { pathParameters: { metric: METRIC }, query: { n: '1' } });
    documents.destroy();

    // Assess
    expect(commands.map((c) => c.name)).toEqual(['GetItemCommand', 'QueryCommand']);
  });

  it('answers 400 naming window or n for each bad value, and 404 for an unknown metric', async () => {
    // Prepare
    const cases: [Record<string, string> | [string, string][], string][] = [
      [{ window: 'soon' }, 'window'],
      [{ window: '' }, 'window'],
      [{ window: '2025-06-01T10:05:00Z' }, 'window'],
      [{ window: '2025-06-01T10:00:00.001Z' }, 'window'],
      [{ window: '2025-06-01T10:00:00' }, 'window'],
      [{ n: '0' }, 'n'],
      [{ n: '101' }, 'n'],
      [{ n: 'ten' }, 'n'],
      [{ n: '2.5' }, 'n'],
      [{ n: '-1' }, 'n'],
      [{ n: '' }, 'n'],
      [
        [
          ['n', '3'],
          ['n', '4'],
        ],
        'n',
      ],
      [
        [
          ['window', 'latest'],
          ['window', 'final'],
        ],
        'window',
      ],
    ];

    // Act
    const answers = await Promise.all(cases.map(([query]) => top(query)));
    const unknown = await top({}, 'wiki-edits-by-nobody');
    const bounds = await Promise.all([top({ n: '1' }), top({ n: '100' })]);

    // Assess
    expect(answers.map((a) => [a.status, a.body.error, a.body.field])).toEqual(
      cases.map(([, field]) => [400, 'bad_request', field]),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not_found', field: 'metric' });
    expect(bounds.map((a) => a.status)).toEqual([200, 200]);
  });
});
