import { describe, expect, it } from 'vitest';
import type { FeedbackResponse, TopResponse, WindowsResponse } from '../../../dashboard/src/contracts.js';
import { QueryApiError } from '../../../dashboard/src/errors.js';
import { queryApi } from '../../../dashboard/src/query-api.js';

const TOP: TopResponse = {
  metric: 'wiki-edits-by-user',
  window: { start: '2026-11-21T10:20:00.000Z', end: '2026-11-21T10:30:00.000Z', final: false },
  watermark: '2026-11-21T10:14:00.000Z',
  top: [
    { key: 'Alice', count: 3 },
    { key: 'Bob', count: 1 },
  ],
};
const WINDOWS: WindowsResponse = {
  metric: 'feedback-by-band-1m',
  from: '2026-11-21T10:00:00.000Z',
  to: '2026-11-21T10:02:00.000Z',
  watermark: null,
  windows: [
    {
      start: '2026-11-21T10:00:00.000Z',
      end: '2026-11-21T10:01:00.000Z',
      final: true,
      total: 2,
      counts: { 'web|negative': 2 },
    },
  ],
};
const FEEDBACK: FeedbackResponse = {
  band: 'negative',
  items: [
    {
      id: 'at://did:plc:abc/app.bsky.feed.post/1',
      source: 'bluesky',
      text: 'The app keeps crashing',
      ts: '2026-11-21T10:00:05.000Z',
      score: 0.02,
      band: 'negative',
      author: 'someone.bsky.social',
      url: 'https://bsky.app/profile/someone.bsky.social/post/1',
    },
    { id: 'web-1', source: 'web', text: 'Slow', ts: '2026-11-21T09:59:00.000Z', score: 0.1, band: 'negative' },
  ],
};

/** A fetch that records the URLs and headers asked with and answers with `respond`. */
function fakeFetch(respond: (url: string) => Response | Promise<Response>) {
  const urls: string[] = [];
  const headers: Record<string, string>[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: { headers?: Record<string, string> }) => {
    urls.push(String(input));
    headers.push({ ...(init?.headers ?? {}) });
    return respond(String(input));
  }) as typeof fetch;
  return { urls, headers, fetchImpl };
}

describe('queryApi', () => {
  it('asks the contract URLs under the base URL and returns checked bodies', async () => {
    // Prepare
    const { urls, fetchImpl } = fakeFetch((url) => Response.json(url.includes('/top/') ? TOP : WINDOWS));
    const api = queryApi('https://api.example.com/prod', fetchImpl);

    // Act
    const top = await api.top('wiki-edits-by-user', 10);
    const windows = await api.windows('feedback-by-band-1m');

    // Assess
    expect(urls).toEqual([
      'https://api.example.com/prod/v1/top/wiki-edits-by-user?window=latest&n=10',
      'https://api.example.com/prod/v1/windows/feedback-by-band-1m',
    ]);
    expect(top).toEqual(TOP);
    expect(windows).toEqual(WINDOWS);
  });

  it('sends the bearer token on every request when it has one, and no authorization header otherwise', async () => {
    // Prepare
    const withToken = fakeFetch(() => Response.json(TOP));
    const without = fakeFetch(() => Response.json(TOP));

    // Act
    await queryApi('https://api.example', withToken.fetchImpl, 'a.b.c').top('wiki-edits-by-user', 10);
    await queryApi('', without.fetchImpl).top('wiki-edits-by-user', 10);

    // Assess
    expect(withToken.headers[0]?.authorization).toBe('Bearer a.b.c');
    expect(without.headers[0]?.authorization).toBeUndefined();
  });

  it('accepts a top response with no window yet', async () => {
    // Prepare
    const empty = { metric: 'wiki-edits-by-user', window: null, watermark: null, top: [] };
    const api = queryApi('', fakeFetch(() => Response.json(empty)).fetchImpl);

    // Act
    const top = await api.top('wiki-edits-by-user', 10);

    // Assess
    expect(top).toEqual(empty);
  });

  it('fails with a QueryApiError naming the request on a network error, an error status or a wrong shape', async () => {
    // Prepare
    const answers: (() => Response)[] = [
      () => {
        throw new TypeError('fetch failed');
      },
      () => Response.json({ message: 'Internal Server Error' }, { status: 500 }),
      () => new Response('<html>', { status: 200 }),
      () => Response.json({ ...TOP, top: [{ key: 'Alice', count: '3' }] }),
      () => Response.json({ ...TOP, window: { start: 'yesterday', end: TOP.window!.end, final: false } }),
    ];

    // Act
    const errors = await Promise.all(
      answers.map((answer) =>
        queryApi('', fakeFetch(answer).fetchImpl)
          .top('wiki-edits-by-user', 10)
          .then(
            () => undefined,
            (err: unknown) => err,
          ),
      ),
    );

    // Assess
    for (const err of errors) {
      expect(err).toBeInstanceOf(QueryApiError);
      expect((err as Error).message).toContain('GET /v1/top/wiki-edits-by-user');
    }
    expect((errors[1] as QueryApiError).status).toBe(500);
  });

  it('refuses a windows response whose counts are not numbers', async () => {
    // Prepare
    const bad = { ...WINDOWS, windows: [{ ...WINDOWS.windows[0], counts: { 'web|negative': null } }] };
    const api = queryApi('', fakeFetch(() => Response.json(bad)).fetchImpl);

    // Act
    const result = api.windows('feedback-by-band-1m');

    // Assess
    await expect(result).rejects.toBeInstanceOf(QueryApiError);
  });

  it('asks for the newest feedback of a band and returns the checked items', async () => {
    // Prepare
    const { urls, fetchImpl } = fakeFetch(() => Response.json({ ...FEEDBACK, cursor: 'next' }));
    const api = queryApi('https://api.example.com/prod', fetchImpl);

    // Act
    const feedback = await api.feedback('negative', 10);

    // Assess
    expect(urls).toEqual(['https://api.example.com/prod/v1/feedback?band=negative&limit=10']);
    expect(feedback).toMatchObject(FEEDBACK);
  });

  it('refuses a feedback response whose item has no text or a url that is not a string', async () => {
    // Prepare
    const item = FEEDBACK.items[0]!;
    const { text: _, ...withoutText } = item;
    const bodies = [
      { ...FEEDBACK, items: [withoutText] },
      { ...FEEDBACK, items: [{ ...item, url: { href: 'https://example.org' } }] },
      { ...FEEDBACK, items: null },
    ];

    // Act
    const results = await Promise.allSettled(
      bodies.map((body) => queryApi('', fakeFetch(() => Response.json(body)).fetchImpl).feedback('negative', 10)),
    );

    // Assess
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(QueryApiError);
    }
  });
});
