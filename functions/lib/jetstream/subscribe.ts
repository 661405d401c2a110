/**
 * Bluesky Jetstream (github.com/bluesky-social/jetstream) over WebSocket, surviving its
 * connections:
 *
 *   GET <url>?wantedCollections=<nsid>…&cursor=<time_us>   (Upgrade: websocket)
 *   ← one text frame per event: { did, time_us, kind: "commit" | "identity" | "account", … }
 *
 * `cursor` is a Unix time in microseconds: the server replays from it and then tails live;
 * without one it starts live. Events carry `time_us`, so the caller knows where it is; on a
 * dropped or silent connection this client reconnects with the cursor the caller gives
 * (`resumeCursor`, read at each reconnection), after a wait that doubles per attempt that
 * delivered nothing. Messages are yielded as raw bytes: parsing and checking untrusted
 * content is the caller's job. The socket is paused while the caller is behind by
 * `highWaterMark` messages, so a slow consumer does not buffer the firehose.
 *
 * Deliberately skips zstd compression (`compress=true`) and the options-update message.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { JetstreamConnectionError, JetstreamError, JetstreamHttpError } from './errors.js';

/** Default wait before the first reconnection. */
export const RECONNECT_MS = 1_000;
/** Default cap on the wait. */
export const MAX_RECONNECT_MS = 30_000;
/** Default silence after which a connection counts as dead (Jetstream's post volume never pauses this long). */
export const IDLE_TIMEOUT_MS = 30_000;
/**
 * Largest frame accepted, in bytes. A bigger frame is a protocol violation to `ws`, which
 * closes the connection; it is far above any real Jetstream event, so the caller's own,
 * smaller size limit dead-letters oversized events instead.
 */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/** What `onReconnect` is told before each wait. */
export interface JetstreamReconnectNotice {
  attempt: number;
  delayMs: number;
  cursor: number | undefined;
  error: JetstreamError;
}

export interface JetstreamOptions {
  /** The subscribe URL (`wss://jetstream2.us-east.bsky.network/subscribe`). */
  url: string;
  /** Collections wanted (`app.bsky.feed.post`). */
  wantedCollections: readonly string[];
  /** The cursor to connect with, read before every connection (undefined: live). */
  resumeCursor: () => number | undefined;
  userAgent: string;
  /** Aborting ends the generator quietly, even mid-wait. */
  signal?: AbortSignal;
  reconnectMs?: number;
  maxReconnectMs?: number;
  idleTimeoutMs?: number;
  highWaterMark?: number;
  onReconnect?: (notice: JetstreamReconnectNotice) => void;
}

/** The URL of one connection. */
export function subscribeUrl(url: string, wantedCollections: readonly string[], cursor: number | undefined): string {
  const u = new URL(url);
  u.searchParams.delete('wantedCollections');
  u.searchParams.delete('cursor');
  for (const c of wantedCollections) u.searchParams.append('wantedCollections', c);
  if (cursor !== undefined) u.searchParams.set('cursor', String(Math.max(0, Math.floor(cursor))));
  return u.href;
}

export async function* jetstreamMessages(options: JetstreamOptions): AsyncGenerator<Buffer> {
  const { signal } = options;
  const maxMs = options.maxReconnectMs ?? MAX_RECONNECT_MS;
  let failures = 0;
  while (signal?.aborted !== true) {
    const cursor = options.resumeCursor();
    let ended: JetstreamError;
    try {
      for await (const message of connection(options, subscribeUrl(options.url, options.wantedCollections, cursor))) {
        failures = 0;
        yield message;
      }
      return;
    } catch (error) {
      if (!(error instanceof JetstreamError) || !error.retryable) throw error;
      ended = error;
    }
    failures++;
    const delayMs = Math.min(maxMs, (options.reconnectMs ?? RECONNECT_MS) * 2 ** Math.min(failures - 1, 30));
    options.onReconnect?.({ attempt: failures, delayMs, cursor: options.resumeCursor(), error: ended });
    try {
      await sleep(delayMs, undefined, signal ? { signal } : {});
    } catch {
      return;
    }
  }
}

/** One WebSocket connection's messages; returns quietly when `signal` aborts, throws when the connection ends otherwise. */
async function* connection(options: JetstreamOptions, url: string): AsyncGenerator<Buffer> {
  const { signal } = options;
  const highWater = options.highWaterMark ?? 1_000;
  const idleMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const queue: Buffer[] = [];
  let failure: JetstreamError | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const ws = new WebSocket(url, {
    headers: { 'user-agent': options.userAgent },
    maxPayload: MAX_FRAME_BYTES,
    handshakeTimeout: idleMs,
    perMessageDeflate: false,
    // A text frame that is not UTF-8 would make ws close the connection, and every reconnection
    // would replay it from the cursor: the bytes go to the caller, who dead-letters them.
    skipUTF8Validation: true,
  });
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      failure ??= new JetstreamConnectionError(`${url} sent nothing for ${idleMs} ms`);
      ws.terminate();
    }, idleMs);
  };
  const onAbort = () => {
    ws.close(1000);
    closed = true;
    notify();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  ws.on('unexpected-response', (_req, res) => {
    failure ??= new JetstreamHttpError(url, res.statusCode ?? 0);
    res.resume();
    ws.terminate();
  });
  ws.on('open', armIdle);
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    armIdle();
    queue.push(Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));
    if (queue.length >= highWater) ws.pause();
    notify();
  });
  ws.on('error', (error) => {
    failure ??= new JetstreamConnectionError(`${url}: ${error.message}`, { cause: error });
  });
  ws.on('close', (code, reason) => {
    clearTimeout(idle);
    failure ??= new JetstreamConnectionError(
      `${url} closed the connection (${code} ${reason.toString().slice(0, 100)})`,
    );
    closed = true;
    notify();
  });
  try {
    for (;;) {
      if (signal?.aborted) return;
      const next = queue.shift();
      if (next !== undefined) {
        if (queue.length < highWater / 2 && ws.isPaused) ws.resume();
        yield next;
        continue;
      }
      if (closed) throw failure ?? new JetstreamConnectionError(`${url} closed the connection`);
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    clearTimeout(idle);
    signal?.removeEventListener('abort', onAbort);
    if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.terminate();
  }
}
