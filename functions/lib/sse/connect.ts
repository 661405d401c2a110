/**
 * One connection to an event stream over Node's fetch: the request headers the standard and
 * public stream servers expect, the answer checked, the body parsed as it arrives.
 *
 *   GET <url>
 *   Accept: text/event-stream
 *   Cache-Control: no-cache
 *   Last-Event-ID: <last event id>      (only when there is one; UTF-8)
 *   User-Agent: <who is asking>         (Wikimedia refuses generic agents)
 *
 * A `200` with a `text/event-stream` body is read until it ends or fails. Anything else is an
 * `SseHttpError`: retryable for 408, 429 and 5xx; not for 204 (the standard's "stop
 * reconnecting") or other statuses. Reconnection is `eventSource`'s job, not this one's.
 */

import { SseConnectionError, SseHttpError, SseIdleTimeoutError, SseStreamEndedError } from './errors.js';
import type { SseParser } from './parser.js';
import type { SseEvent } from './types.js';

/** Default time without a byte from the server after which the connection counts as dead. */
export const IDLE_TIMEOUT_MS = 30_000;

export interface EventStreamRequest {
  /** The stream's URL. */
  url: string;
  /** Sent as `User-Agent`; say who runs the client and how to reach them. */
  userAgent: string;
  /** Sent as `Last-Event-ID` when not empty, so the server resumes after that event. */
  lastEventId?: string;
  /** Aborting ends the stream quietly (the generator returns). */
  signal?: AbortSignal;
  /** Milliseconds without a byte after which the connection fails with `SseIdleTimeoutError` (default 30 s). */
  idleTimeoutMs?: number;
  /** Passed to the parser: the largest event kept, in UTF-16 code units. */
  maxEventLength?: number;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
}

/**
 * Connects and yields the stream's events. The parser is passed in so the caller can read
 * its last event ID and `retry` after the connection is gone. Ends quietly when `signal`
 * aborts; throws `SseStreamEndedError` when the server closes the stream, and another
 * `SseError` when the connection fails.
 */
export async function* readEventStream(request: EventStreamRequest, parser: SseParser): AsyncGenerator<SseEvent> {
  const { url, signal } = request;
  const idleMs = request.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const idle = new AbortController();
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => idle.abort(), idleMs);
  };
  const stopped = () => signal?.aborted === true;
  const failure = (error: unknown): Error => {
    if (idle.signal.aborted) return new SseIdleTimeoutError(url, idleMs);
    return new SseConnectionError(`reading ${url} failed: ${(error as Error).message}`, { cause: error });
  };

  const headers: Record<string, string> = {
    accept: 'text/event-stream',
    'cache-control': 'no-cache',
    'user-agent': request.userAgent,
  };
  // The standard sends the id UTF-8 encoded; fetch takes header values as byte strings, so the
  // UTF-8 bytes go in one character each (an id outside Latin-1 would otherwise make fetch throw
  // on every reconnection).
  if (request.lastEventId) headers['last-event-id'] = Buffer.from(request.lastEventId, 'utf8').toString('latin1');

  armIdle();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    let response: Response;
    try {
      response = await (request.fetch ?? fetch)(url, {
        headers,
        signal: signal ? AbortSignal.any([signal, idle.signal]) : idle.signal,
        // A redirect is followed as the standard's fetch does; the final answer is checked below.
        redirect: 'follow',
      });
    } catch (error) {
      if (stopped()) return;
      throw failure(error);
    }
    const contentType = response.headers.get('content-type');
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
    if (response.status !== 200 || mediaType !== 'text/event-stream' || response.body === null) {
      await response.body?.cancel().catch(() => undefined);
      const s = response.status;
      throw new SseHttpError(url, s, contentType, s === 408 || s === 429 || s >= 500);
    }
    reader = response.body.getReader();
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      armIdle();
      try {
        chunk = await reader.read();
      } catch (error) {
        if (stopped()) return;
        throw failure(error);
      }
      // The caller's time with the events is not the server's silence.
      clearTimeout(idleTimer);
      if (chunk.done) break;
      for (const event of parser.feed(chunk.value)) yield event;
    }
    parser.end();
    if (stopped()) return;
    throw new SseStreamEndedError(url);
  } finally {
    clearTimeout(idleTimer);
    // The caller may stop early (break, return): release the connection rather than leave it open.
    await reader?.cancel().catch(() => undefined);
  }
}
