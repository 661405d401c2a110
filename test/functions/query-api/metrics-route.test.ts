import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricSpec } from '../../../infra/pipeline/types.js';
import { pipeline } from '../../../infra/pipeline.js';
import { type LocalDynamo, startLocalDynamo } from '../helpers/local-dynamo.js';
import { queryApiClient, stubQuietEnvironment } from '../helpers/query-api-client.js';
import { putItems, stateItem } from '../helpers/window-items.js';

const ROUTE = 'GET /v1/metrics';
const at = (hh: number, mm: number) => Date.UTC(2025, 5, 1, hh, mm);
const NOW = at(12, 0);

interface MetricsBody {
  metrics: Record<string, unknown>[];
}

describe('GET /v1/metrics', () => {
  let dynamo: LocalDynamo;
  let api: ReturnType<typeof queryApiClient>;
  const seedState = (items: object[]) => putItems(dynamo.documents, dynamo.tableName('window-state'), items);

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

  it('lists every declared metric with its watermark, newest window and the records left out of its counts', async () => {
    // Prepare
    await seedState([
      stateItem('wiki-edits-by-user', {
        maxEventTimes: [at(10, 12), at(10, 37), at(10, 5)],
        watermark: at(10, 20),
        late: 4,
        future: 1,
      }),
      stateItem('feedback-by-band-1m', { maxEventTimes: [at(11, 59) + 30_000] }),
    ]);

    // Act
    const answer = await api.get<MetricsBody>(ROUTE);

    // Assess
    expect(answer.status).toBe(200);
    const byName = new Map(answer.body.metrics.map((m) => [m.name, m]));
    expect([...byName.keys()]).toEqual(Object.keys(pipeline.metrics));
    expect(byName.get('wiki-edits-by-user')).toEqual({
      name: 'wiki-edits-by-user',
      description: 'Edits and page creations per user',
      topic: 'wiki-changes',
      key: ['user'],
      filter: { type: ['edit', 'new'] },
      value: null,
      window: { type: 'tumbling', sizeSeconds: 600, slideSeconds: 600 },
      allowedLatenessSeconds: 600,
      idlePartitionTimeoutSeconds: 60,
      maxFutureSeconds: 300,
      retentionDays: 7,
      watermark: '2025-06-01T10:20:00.000Z',
      latestWindow: { start: '2025-06-01T10:30:00.000Z', end: '2025-06-01T10:40:00.000Z', final: false },
      leftOut: { late: 4, future: 1 },
    });
    expect(byName.get('feedback-by-band-1m')).toMatchObject({
      key: ['source', 'band'],
      filter: null,
      window: { type: 'tumbling', sizeSeconds: 60, slideSeconds: 60 },
      watermark: null,
      latestWindow: { start: '2025-06-01T11:59:00.000Z', end: '2025-06-01T12:00:00.000Z', final: false },
      leftOut: { late: 0, future: 0 },
    });
    expect(byName.get('wiki-edits-by-server')).toMatchObject({ watermark: null, latestWindow: null });
  });

  it('says hopping for a window that slides by less than its size, and final once the watermark passed it', async () => {
    // Prepare
    const metrics: Record<string, MetricSpec> = {
      'edits-hopping': {
        ...pipeline.metrics['wiki-edits-by-user']!,
        window: { sizeSeconds: 600, slideSeconds: 300 },
      },
    };
    await seedState([stateItem('edits-hopping', { maxEventTimes: [at(10, 7)], watermark: at(10, 15) })]);

    // Act
    const answer = await queryApiClient(dynamo, { now: () => NOW, metrics }).get<MetricsBody>(ROUTE);

    // Assess
    expect(answer.body.metrics).toEqual([
      expect.objectContaining({
        name: 'edits-hopping',
        window: { type: 'hopping', sizeSeconds: 600, slideSeconds: 300 },
        watermark: '2025-06-01T10:15:00.000Z',
        latestWindow: { start: '2025-06-01T10:05:00.000Z', end: '2025-06-01T10:15:00.000Z', final: true },
      }),
    ]);
  });

  it('answers 500 with nothing of the error in it when DynamoDB fails', async () => {
    // Prepare
    const broken = queryApiClient(dynamo, {
      now: () => NOW,
      tables: {
        windows: 'missing',
        windowState: 'missing',
        feedback: 'missing',
        feedbackLabels: 'missing',
        airNow: 'missing',
        airWeather: 'missing',
        airForecasts: 'missing',
        airAnomalies: 'missing',
      },
    });

    // Act
    const answer = await broken.get<Record<string, unknown>>(ROUTE);

    // Assess
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ error: 'internal_error', message: 'Internal Server Error' });
  });
});
