/**
 * X API v2 filtered stream over HTTP, surviving its connections, as documented at docs.x.com
 * (x-api/posts/filtered-stream: introduction, consuming-streaming-data, handling-disconnections):
 *
 *   GET <api>/2/tweets/search/stream?tweet.fields=…&expansions=author_id&user.fields=username
 *       [&backfill_minutes=1..5]
 *   Authorization: Bearer <app-only token>
 *   200, chunked: one JSON message per line, lines ended by `\r\n`; an empty line (`\r\n`) is
 *   the keep-alive, sent at least every 20 s. 429 when the App's connection (pay-per-use: 1)
 *   is taken or the connect rate limit is spent; 401/403 for the token.
 *
 * Lines are yielded as raw bytes (stream-message.ts reads them). A connection that ends,
 * errors or stays silent past `idleMs` is reconnected after the wait reconnect-delay.ts
 * prescribes; a wait that would end past `deadline` ends the generator instead (`onGiveUp`),
 * so a scheduled run stops on time and the next one connects again. Aborting `signal` ends it
 * quietly, even mid-wait or mid-read.
 *
 * Deliberately skips Enterprise's redundant connections and recovery (`start_time`/`end_time`).
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_STREAM_LINE_BYTES, REQUEST_TIMEOUT_MS, STREAM_IDLE_MS } from './config.js';
import { XApiRefusedError, XStreamConnectionError } from './errors.js';
import { ConnectionFailure, type ReconnectPolicy, reconnectDelay } from './reconnect-delay.js';
import { preview, rateLimitOf, readCapped } from './search-page.js';

/** One line of a connection. */
export type StreamLine =
  | { kind: 'line'; line: Buffer }
  | { kind: 'keep-alive' }
  /** A line over `MAX_STREAM_LINE_BYTES`: its start and its length; the rest was skipped. */
  | { kind: 'oversized'; head: Buffer; bytes: number };

/** What `onReconnect` and `onGiveUp` are told. */
export interface ReconnectNotice {
  failure: ConnectionFailure;
  /** Failed connections in a row (a drop of a connection that delivered resets it). */
  attempt: number;
  delayMs: number;
  status: number;
  problem: string;
}

export interface FilteredStreamOptions {
  apiUrl: string;
  token: string;
  userAgent: string;
  /** Minutes of backfill for the next connection (0: none), asked before each. */
  backfillMinutes: () => number;
  /** Ends reading quietly. */
  signal: AbortSignal;
  /** No reconnection wait may end after this (epoch ms). */
  deadline: number;
  now?: () => number;
  idleMs?: number;
  policy?: ReconnectPolicy;
  fetch?: typeof fetch;
  /** Before each connection. */
  onConnect?: (notice: { attempt: number; backfillMinutes: number }) => void;
  onReconnect?: (notice: ReconnectNotice) => void;
  onGiveUp?: (notice: ReconnectNotice) => void;
}

/** The URL of one connection: the same fields as recent search (search-page.ts). */
export function streamUrl(apiUrl: string, backfillMinutes: number): string {
  const url = new URL(`${apiUrl}/2/tweets/search/stream`);
  url.searchParams.set('tweet.fields', 'created_at,lang,author_id,conversation_id');
  url.searchParams.set('expansions', 'author_id');
  url.searchParams.set('user.fields', 'username');
  if (backfillMinutes > 0) url.searchParams.set('backfill_minutes', String(Math.min(5, Math.ceil(backfillMinutes))));
  return url.href;
}

export async function* filteredStreamLines(options: FilteredStreamOptions): AsyncGenerator<StreamLine> {
  const now = options.now ?? Date.now;
  let failures = 0;
  while (!options.signal.aborted) {
    const backfill = options.backfillMinutes();
    options.onConnect?.({ attempt: failures + 1, backfillMinutes: backfill });
    let ended: XStreamConnectionError;
    try {
      yield* connection(options, streamUrl(options.apiUrl, backfill));
      return;
    } catch (error) {
      if (!(error instanceof XStreamConnectionError)) throw error;
      ended = error;
    }
    // A drop of a connection that delivered starts the count again, with an immediate retry.
    failures = ended.failure === ConnectionFailure.DROPPED ? 0 : failures + 1;
    let delayMs = reconnectDelay(ended.failure, Math.max(1, failures), options.policy);
    if (ended.failure === ConnectionFailure.RATE_LIMITED && ended.resetAt !== undefined) {
      delayMs = Math.max(delayMs, ended.resetAt - now());
    }
    const notice: ReconnectNotice = {
      failure: ended.failure,
      attempt: Math.max(1, failures),
      delayMs,
      status: ended.status,
      problem: ended.message,
    };
    if (now() + delayMs >= options.deadline) {
      options.onGiveUp?.(notice);
      return;
    }
    options.onReconnect?.(notice);
    try {
      await sleep(delayMs, undefined, { signal: options.signal });
    } catch {
      return;
    }
  }
}

/** One connection's lines; returns quietly when `signal` aborts, throws when it ends otherwise. */
async function* connection(options: FilteredStreamOptions, url: string): AsyncGenerator<StreamLine> {
  const idleMs = options.idleMs ?? STREAM_IDLE_MS;
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), ms);
  };
  arm(Math.max(idleMs, REQUEST_TIMEOUT_MS));
  const quiet = () => options.signal.aborted;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      headers: { authorization: `Bearer ${options.token}`, 'user-agent': options.userAgent },
      signal: AbortSignal.any([options.signal, idle.signal]),
    });
  } catch (error) {
    clearTimeout(timer);
    if (quiet()) return;
    throw new XStreamConnectionError(
      ConnectionFailure.NETWORK,
      0,
      idle.signal.aborted ? 'X did not answer the connection' : `connection failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (response.status !== 200) {
    clearTimeout(timer);
    const body = await readCapped(response, 64 * 1024).catch(() => Buffer.alloc(0));
    const status = response.status;
    const problem = `HTTP ${status}: ${preview(body)}`;
    // Waiting fixes neither the token nor the request (a backfill the access level lacks, say).
    if (status === 400 || status === 401 || status === 403 || status === 404) {
      throw new XApiRefusedError(status, `X refused the stream connection: ${problem}`);
    }
    if (status === 429) {
      // A spent connect window says when it resets; a connection already open (TooManyConnections) does not.
      const limit = rateLimitOf(response.headers);
      throw new XStreamConnectionError(ConnectionFailure.RATE_LIMITED, status, problem, {
        resetAt: limit.remaining === 0 ? limit.resetAt : undefined,
      });
    }
    throw new XStreamConnectionError(ConnectionFailure.HTTP, status, problem);
  }
  if (response.body === null)
    throw new XStreamConnectionError(ConnectionFailure.NETWORK, 200, 'the stream has no body');
  const reader = response.body.getReader();
  arm(idleMs);
  let delivered = false;
  // The line being read: its parts so far, or only its start once it is over the limit.
  let parts: Uint8Array[] = [];
  let size = 0;
  const take = (): StreamLine => {
    const whole = Buffer.concat(parts);
    const over = size > MAX_STREAM_LINE_BYTES;
    parts = [];
    const bytes = size;
    size = 0;
    if (over) return { kind: 'oversized', head: whole, bytes };
    const end = whole.length > 0 && whole[whole.length - 1] === 0x0d ? whole.length - 1 : whole.length;
    return end === 0 ? { kind: 'keep-alive' } : { kind: 'line', line: whole.subarray(0, end) };
  };
  const keep = (piece: Uint8Array) => {
    const room = MAX_STREAM_LINE_BYTES + 1 - Math.min(size, MAX_STREAM_LINE_BYTES + 1);
    if (room > 0) parts.push(piece.subarray(0, room));
    size += piece.byteLength;
  };
  try {
    for (;;) {
      let read: Awaited<ReturnType<typeof reader.read>>;
      try {
        read = await reader.read();
      } catch (error) {
        if (quiet()) return;
        throw new XStreamConnectionError(
          delivered ? ConnectionFailure.DROPPED : ConnectionFailure.NETWORK,
          200,
          idle.signal.aborted
            ? `the stream was silent for ${idleMs} ms`
            : `reading failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
      if (read.done) {
        if (quiet()) return;
        throw new XStreamConnectionError(
          delivered ? ConnectionFailure.DROPPED : ConnectionFailure.NETWORK,
          200,
          'X closed the connection',
        );
      }
      delivered = true;
      arm(idleMs);
      const chunk = read.value;
      let from = 0;
      for (let nl = chunk.indexOf(0x0a, from); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
        keep(chunk.subarray(from, nl));
        from = nl + 1;
        // The caller's time with a line is not the stream's silence.
        clearTimeout(timer);
        yield take();
        if (quiet()) return;
        arm(idleMs);
      }
      if (from < chunk.length) keep(chunk.subarray(from));
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
}
