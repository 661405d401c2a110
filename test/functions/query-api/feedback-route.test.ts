import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScoredFeedbackItem } from '../../../functions/feedback-scorer/scored-feedback.js';
import { encodeFeedbackCursor } from '../../../functions/query-api/feedback-cursor.js';
import { type LocalDynamo, startLocalDynamo } from '../helpers/local-dynamo.js';
import { queryApiClient, stubQuietEnvironment } from '../helpers/query-api-client.js';
import { putItems } from '../helpers/window-items.js';

const ROUTE = 'GET /v1/feedback';
const NOW = Date.UTC(2025, 5, 1, 12, 0);
const minute = (m: number) => new Date(Date.UTC(2025, 5, 1, 9, 0) + m * 60_000).toISOString();

interface FeedbackBody {
  band: string;
  items: Record<string, unknown>[];
  cursor: string | null;
  error?: string;
  field?: string;
}

/** Scored feedback as the scorer stores it. */
function scored(id: string, band: string, ts: string, extra: Partial<ScoredFeedbackItem> = {}): ScoredFeedbackItem {
  return {
    id,
    source: 'web',
    text: `feedback ${id}`,
    ts,
    sourceKnown: true,
    score: band === 'negative' ? 0.1 : band === 'positive' ? 0.95 : 0.5,
    band,
    modelVersion: '3',
    featureVersion: '2',
    sourcePartition: 'feedback-0',
    sourceOffset: 17,
    recordTimestamp: Date.parse(ts),
    expiresAt: Math.floor(NOW / 1000) + 90 * 86_400,
    tsUtc: new Date(Date.parse(ts)).toISOString(),
    ...extra,
  };
}

describe('GET /v1/feedback', () => {
  let dynamo: LocalDynamo;
  let api: ReturnType<typeof queryApiClient>;
  const seed = (items: object[]) => putItems(dynamo.documents, dynamo.tableName('feedback'), items);
  const feedback = (query: Record<string, string> | [string, string][]) => api.get<FeedbackBody>(ROUTE, { query });

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

  it('lists one band newest first, in UTC, without the scorer’s bookkeeping or expired items', async () => {
    // Prepare
    await seed([
      scored('slack-1', 'negative', minute(1), {
        source: 'slack',
        author: 'U0ALICE',
        channel: 'C0FEEDBACK',
        url: 'https://example.slack.com/archives/C0FEEDBACK/p1',
      }),
      scored('web-2', 'negative', '2025-06-01T11:03:00+02:00'),
      scored('web-3', 'negative', minute(5), { expiresAt: Math.floor(NOW / 1000) - 1 }),
      scored('web-4', 'positive', minute(4)),
    ]);

    // Act
    const answer = await feedback({ band: 'negative' });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      band: 'negative',
      items: [
        {
          id: 'web-2',
          source: 'web',
          text: 'feedback web-2',
          ts: '2025-06-01T09:03:00.000Z',
          score: 0.1,
          band: 'negative',
        },
        {
          id: 'slack-1',
          source: 'slack',
          text: 'feedback slack-1',
          ts: '2025-06-01T09:01:00.000Z',
          score: 0.1,
          band: 'negative',
          author: 'U0ALICE',
          channel: 'C0FEEDBACK',
          url: 'https://example.slack.com/archives/C0FEEDBACK/p1',
        },
      ],
      cursor: null,
    });
  });

  it('orders by the instant, not by the ts string the source sent with its own offset', async () => {
    // Prepare: as strings "10:30+02:00" sorts after "09:00Z", but it is half an hour earlier.
    await seed([
      scored('offset-early', 'neutral', '2025-06-01T10:30:00+02:00'),
      scored('utc-late', 'neutral', '2025-06-01T09:00:00Z'),
    ]);

    // Act
    const answer = await feedback({ band: 'neutral' });

    // Assess
    expect(answer.body.items.map((i) => i.id)).toEqual(['utc-late', 'offset-early']);
  });

  it('walks every page with its cursor: each live item once, newest first, the last page without a cursor', async () => {
    // Prepare: 45 negative items, every fifth expired, so 36 are live; neutral ones interleaved.
    const items = Array.from({ length: 45 }, (_, i) =>
      scored(`neg-${i}`, 'negative', minute(i), i % 5 === 0 ? { expiresAt: Math.floor(NOW / 1000) - 60 } : {}),
    );
    const others = Array.from({ length: 10 }, (_, i) => scored(`neu-${i}`, 'neutral', minute(i)));
    await seed([...items, ...others]);
    const live = items
      .filter((_, i) => i % 5 !== 0)
      .map((item) => item.id)
      .reverse();

    // Act
    const pages: FeedbackBody[] = [];
    let cursor: string | null = null;
    do {
      const answer: { status: number; body: FeedbackBody } = await feedback({
        band: 'negative',
        limit: '9',
        ...(cursor === null ? {} : { cursor }),
      });
      expect(answer.status).toBe(200);
      pages.push(answer.body);
      cursor = answer.body.cursor;
    } while (cursor !== null && pages.length < 20);

    // Assess
    expect(pages.map((p) => p.items.length)).toEqual([9, 9, 9, 9]);
    expect(pages.flatMap((p) => p.items.map((item) => item.id))).toEqual(live);
  });

  it('hands out a cursor only while more items follow', async () => {
    // Prepare
    await seed(Array.from({ length: 4 }, (_, i) => scored(`pos-${i}`, 'positive', minute(i))));

    // Act
    const first = await feedback({ band: 'positive', limit: '2' });
    const second = await feedback({ band: 'positive', limit: '2', cursor: first.body.cursor! });
    const whole = await feedback({ band: 'positive', limit: '4' });

    // Assess
    expect(first.body.cursor).toEqual(expect.any(String));
    expect(second.body.items.map((item) => item.id)).toEqual(['pos-1', 'pos-0']);
    expect(second.body.cursor).toBeNull();
    expect(whole.body.cursor).toBeNull();
  });

  it('answers 400 naming band, limit or cursor for each bad value', async () => {
    // Prepare
    const otherBand = encodeFeedbackCursor({ id: 'x', band: 'positive', tsUtc: minute(0) });
    const extraField = Buffer.from(
      JSON.stringify({ id: 'x', band: 'negative', tsUtc: minute(0), sourceOffset: '1' }),
    ).toString('base64url');
    const notString = Buffer.from(JSON.stringify({ id: 7, band: 'negative', tsUtc: minute(0) })).toString('base64url');
    const cases: [Record<string, string> | [string, string][], string][] = [
      [{}, 'band'],
      [{ band: 'angry' }, 'band'],
      [{ band: 'NEGATIVE' }, 'band'],
      [
        [
          ['band', 'negative'],
          ['band', 'positive'],
        ],
        'band',
      ],
      [{ band: 'negative', limit: '0' }, 'limit'],
      [{ band: 'negative', limit: '101' }, 'limit'],
      [{ band: 'negative', limit: 'all' }, 'limit'],
      [{ band: 'negative', cursor: 'not a cursor' }, 'cursor'],
      [{ band: 'negative', cursor: '' }, 'cursor'],
      [{ band: 'negative', cursor: Buffer.from('{"id":').toString('base64url') }, 'cursor'],
      [{ band: 'negative', cursor: Buffer.from('[1,2,3]').toString('base64url') }, 'cursor'],
      [{ band: 'negative', cursor: otherBand }, 'cursor'],
      [{ band: 'negative', cursor: extraField }, 'cursor'],
      [{ band: 'negative', cursor: notString }, 'cursor'],
      [{ band: 'negative', cursor: 'A'.repeat(4000) }, 'cursor'],
    ];

    // Act
    const answers = await Promise.all(cases.map(([query]) => feedback(query)));

    // Assess
    expect(answers.map((a) => [a.status, a.body.error, a.body.field])).toEqual(
      cases.map(([, field]) => [400, 'bad_request', field]),
    );
  });
});
