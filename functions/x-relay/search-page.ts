/**
 * One page of X API v2 recent search, as documented at docs.x.com (GET /2/tweets/search/recent):
 *
 *   GET <api>/2/tweets/search/recent?query=…&max_results=100&since_id=…&next_token=…
 *       &tweet.fields=created_at,lang,author_id,conversation_id&expansions=author_id&user.fields=username
 *   Authorization: Bearer <app-only token>
 *
 *   200 { data?: [post…], includes?: { users?: [user…] }, meta: { result_count, newest_id?,
 *         oldest_id?, next_token? }, errors?: [...] }
 *   every answer: x-rate-limit-limit, x-rate-limit-remaining, x-rate-limit-reset (unix seconds)
 *   429 when the window's requests are spent
 *
 * Posts come newest first; `next_token` pages toward older posts, never past `since_id`.
 * The answer is checked for size and shape here; each post is checked by post.ts. Network
 * failures are answers too (status 0), so the run decides what to wait for in one place.
 */

import { MAX_RESPONSE_BYTES, PAGE_SIZE, REQUEST_TIMEOUT_MS } from './config.js';

/** What the rate-limit headers said. */
export interface RateLimit {
  /** Requests left in the window (`x-rate-limit-remaining`). */
  remaining?: number;
  /** When the window resets, epoch milliseconds (`x-rate-limit-reset` × 1000). */
  resetAt?: number;
}

/** A page that passed the shape checks. */
export interface SearchPage {
  /** The posts, unchecked (post.ts checks each). */
  posts: unknown[];
  /** Author id → username, from `includes.users`. */
  usernames: Map<string, string>;
  /** `meta.newest_id`: the newest post of the whole result set on the first page. */
  newestId?: string;
  /** `meta.next_token`: more (older) posts remain. */
  nextToken?: string;
}

export type SearchAnswer =
  | { ok: true; page: SearchPage; rateLimit: RateLimit }
  /** `status` 0: the request failed or timed out; `problem` says why, for the log. */
  | { ok: false; status: number; problem: string; rateLimit: RateLimit };

export interface SearchRequest {
  apiUrl: string;
  token: string;
  query: string;
  sinceId?: string;
  nextToken?: string;
  userAgent: string;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** The request URL of one page. */
export function searchUrl(request: Pick<SearchRequest, 'apiUrl' | 'query' | 'sinceId' | 'nextToken'>): string {
  const url = new URL(`${request.apiUrl}/2/tweets/search/recent`);
  url.searchParams.set('query', request.query);
  url.searchParams.set('max_results', String(PAGE_SIZE));
  if (request.sinceId) url.searchParams.set('since_id', request.sinceId);
  if (request.nextToken) url.searchParams.set('next_token', request.nextToken);
  url.searchParams.set('tweet.fields', 'created_at,lang,author_id,conversation_id');
  url.searchParams.set('expansions', 'author_id');
  url.searchParams.set('user.fields', 'username');
  return url.href;
}

export async function fetchSearchPage(request: SearchRequest): Promise<SearchAnswer> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(searchUrl(request), {
      headers: { authorization: `Bearer ${request.token}`, 'user-agent': request.userAgent },
      signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
    });
  } catch (error) {
    return { ok: false, status: 0, problem: `request failed: ${(error as Error).message}`, rateLimit: {} };
  }
  const rateLimit = rateLimitOf(response.headers);
  let body: Buffer;
  try {
    body = await readCapped(response, MAX_RESPONSE_BYTES);
  } catch (error) {
    return { ok: false, status: response.status || 0, problem: (error as Error).message, rateLimit };
  }
  if (response.status !== 200) {
    return { ok: false, status: response.status, problem: `HTTP ${response.status}: ${preview(body)}`, rateLimit };
  }
  const page = parsePage(body);
  if (typeof page === 'string') return { ok: false, status: 200, problem: page, rateLimit };
  return { ok: true, page, rateLimit };
}

/** The rate-limit headers, ignoring values that are not non-negative integers. */
export function rateLimitOf(headers: Headers): RateLimit {
  const int = (name: string) => {
    const v = headers.get(name);
    return v !== null && /^\d{1,12}$/.test(v.trim()) ? Number(v.trim()) : undefined;
  };
  const remaining = int('x-rate-limit-remaining');
  const reset = int('x-rate-limit-reset');
  return {
    ...(remaining !== undefined ? { remaining } : {}),
    ...(reset !== undefined ? { resetAt: reset * 1000 } : {}),
  };
}

/** The page in a 200 body, or what is wrong with it. */
export function parsePage(body: Buffer): SearchPage | string {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    return `the answer is not UTF-8 JSON: ${(error as Error).message.slice(0, 200)}`;
  }
  if (!isObject(json)) return 'the answer is not a JSON object';
  const { data, includes, meta } = json;
  if (data !== undefined && !Array.isArray(data)) return '`data` is not an array';
  if (!isObject(meta)) return '`meta` is missing';
  const newestId = meta.newest_id;
  const nextToken = meta.next_token;
  if (newestId !== undefined && !isPostId(newestId)) return '`meta.newest_id` is not a post id';
  if (nextToken !== undefined && (typeof nextToken !== 'string' || nextToken === '' || nextToken.length > 1024)) {
    return '`meta.next_token` is not a token';
  }
  if (Array.isArray(data) && data.length > 0 && newestId === undefined) return '`meta.newest_id` is missing';
  const usernames = new Map<string, string>();
  const users = isObject(includes) && Array.isArray(includes.users) ? includes.users : [];
  for (const user of users) {
    if (isObject(user) && typeof user.id === 'string' && typeof user.username === 'string' && isHandle(user.username)) {
      usernames.set(user.id, user.username);
    }
  }
  return {
    posts: Array.isArray(data) ? data : [],
    usernames,
    ...(typeof newestId === 'string' ? { newestId } : {}),
    ...(typeof nextToken === 'string' ? { nextToken } : {}),
  };
}

/** X post ids are 64-bit snowflakes sent as decimal strings. */
export function isPostId(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9]\d{0,19}$/.test(value);
}

/** X handles: 1..15 letters, digits and underscores (longer legacy ones exist; 50 is generous). */
export function isHandle(value: string): boolean {
  return /^[A-Za-z0-9_]{1,50}$/.test(value);
}

/** The answer's body, refusing one over `max` bytes. */
export async function readCapped(response: Response, max: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`the answer is ${declared} bytes, over the ${max} read`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body === null) return Buffer.alloc(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`the answer is over the ${max} bytes read`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The start of a body, on one line, for logs and errors. */
export function preview(body: Buffer): string {
  return body.toString('utf8', 0, Math.min(body.length, 300)).replace(/\s+/g, ' ');
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
