import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for X API v2 recent search (node:http, 127.0.0.1), speaking the documented
 * format: `GET /2/tweets/search/recent` with a Bearer token; posts newest first, only those
 * newer than `since_id`, `max_results` per page with an opaque `next_token` toward older posts;
 * `includes.users` for `expansions=author_id`; `meta { result_count, newest_id, oldest_id,
 * next_token }`; `x-rate-limit-limit/-remaining/-reset` on every answer and a 429 once the
 * window's requests are spent. Posts are kept per query; every request is recorded.
 */
export interface XApiServer {
  url: string;
  token: string;
  requests: XApiRequest[];
  /** Adds posts for a query (ids ascending); returns their ids. */
  post(query: string, posts: FakePost[]): string[];
  /** Adds a raw item (anything) for a query, placed by `id` among the posts. */
  postRaw(query: string, id: string, item: unknown): void;
  /** The window: `limit` requests until `resetInMs` from now; a spent window answers 429 until it resets. */
  rateLimit(limit: number, resetInMs: number): void;
  /** The next request not yet answered gets this status (with rate-limit headers) instead of a page; queues. */
  answerNextWith(status: number): void;
  close(): Promise<void>;
}

export interface FakePost {
  text: string;
  /** Author id; its username is `user_<id>`. */
  authorId?: string;
  createdAt?: string;
}

export interface XApiRequest {
  query: string | null;
  sinceId: string | null;
  nextToken: string | null;
  maxResults: string | null;
  authorization: string | undefined;
  status: number;
  at: number;
}

interface Stored {
  id: bigint;
  item: unknown;
  authorId?: string;
}

export async function startXApiServer(options: { token?: string; firstId?: bigint } = {}): Promise<XApiServer> {
  const token = options.token ?? 'test-bearer-token';
  const byQuery = new Map<string, Stored[]>();
  const requests: XApiRequest[] = [];
  const forced: number[] = [];
  let nextId = options.firstId ?? 1_900_000_000_000_000_000n;
  let window = { limit: 1_000_000, remaining: 1_000_000, resetAt: Date.now() + 900_000 };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const record: XApiRequest = {
      query: url.searchParams.get('query'),
      sinceId: url.searchParams.get('since_id'),
      nextToken: url.searchParams.get('next_token'),
      maxResults: url.searchParams.get('max_results'),
      authorization: req.headers.authorization,
      status: 200,
      at: Date.now(),
    };
    requests.push(record);
    const answer = (status: number, body: unknown) => {
      record.status = status;
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-rate-limit-limit': String(window.limit),
        'x-rate-limit-remaining': String(window.remaining),
        'x-rate-limit-reset': String(Math.ceil(window.resetAt / 1000)),
      });
      res.end(JSON.stringify(body));
    };
    if (Date.now() >= window.resetAt) window = { ...window, remaining: window.limit, resetAt: Date.now() + 900_000 };
    if (url.pathname !== '/2/tweets/search/recent') return answer(404, { title: 'Not Found Error' });
    if (req.headers.authorization !== `Bearer ${token}`) return answer(401, { title: 'Unauthorized', status: 401 });
    if (window.remaining <= 0) return answer(429, { title: 'Too Many Requests', status: 429 });
    window.remaining--;
    const status = forced.shift();
    if (status !== undefined) return answer(status, { title: 'Forced', status });
    const query = record.query ?? '';
    const since = record.sinceId ? BigInt(record.sinceId) : 0n;
    const size = Number(record.maxResults ?? 10);
    const offset = record.nextToken ? Number(Buffer.from(record.nextToken, 'base64url').toString()) : 0;
    const matching = (byQuery.get(query) ?? []).filter((p) => p.id > since).sort((a, b) => (a.id > b.id ? -1 : 1));
    const page = matching.slice(offset, offset + size);
    const authors = [...new Set(page.flatMap((p) => (p.authorId ? [p.authorId] : [])))];
    const more = offset + size < matching.length;
    answer(200, {
      ...(page.length > 0 ? { data: page.map((p) => p.item) } : {}),
      ...(authors.length > 0
        ? { includes: { users: authors.map((id) => ({ id, name: `User ${id}`, username: `user_${id}` })) } }
        : {}),
      meta: {
        result_count: page.length,
        ...(page.length > 0 ? { newest_id: String(matching[0]!.id), oldest_id: String(page.at(-1)!.id) } : {}),
        ...(more ? { next_token: Buffer.from(String(offset + size)).toString('base64url') } : {}),
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const list = (query: string) => {
    let posts = byQuery.get(query);
    if (!posts) byQuery.set(query, (posts = []));
    return posts;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    post(query, posts) {
      return posts.map((p) => {
        const id = nextId++;
        list(query).push({
          id,
          ...(p.authorId ? { authorId: p.authorId } : {}),
          item: {
            id: String(id),
            text: p.text,
            created_at: p.createdAt ?? new Date(Date.UTC(2025, 5, 1, 9) + Number(id % 100_000n) * 1000).toISOString(),
            lang: 'en',
            ...(p.authorId ? { author_id: p.authorId } : {}),
            conversation_id: String(id),
            edit_history_tweet_ids: [String(id)],
          },
        });
        return String(id);
      });
    },
    postRaw(query, id, item) {
      list(query).push({ id: BigInt(id), item });
    },
    rateLimit(limit, resetInMs) {
      window = { limit, remaining: limit, resetAt: Date.now() + resetInMs };
    },
    answerNextWith(status) {
      forced.push(status);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
