/**
 * An event stream that survives its connections, as the standard's EventSource does: when a
 * connection drops or the server closes it, wait, reconnect with `Last-Event-ID` set to the
 * last event ID seen, and carry on yielding events where the old connection stopped.
 *
 * The wait is the server's `retry:` (else `reconnectMs`), doubled for each consecutive
 * attempt that delivered no event, capped at `maxReconnectMs`; the first event on a new
 * connection resets it. Errors a reconnection cannot fix (a 404, a 204, a body that is not an
 * event stream) are thrown. Aborting `signal` ends the generator quietly, even mid-wait.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { type EventStreamRequest, readEventStream } from './connect.js';
import { SseError } from './errors.js';
import { SseParser } from './parser.js';
import type { SseEvent } from './types.js';

/**
 * Default wait before reconnecting until the server sends `retry:`. The standard leaves the
 * initial value to the user agent; browsers use a few seconds.
 */
export const RECONNECT_MS = 3_000;
/** Default cap on the wait between attempts. */
export const MAX_RECONNECT_MS = 60_000;

/** What `onReconnect` is told before each wait. */
export interface ReconnectNotice {
  /** Consecutive attempts that delivered no event, this one included. */
  attempt: number;
  /** How long the client waits before connecting again. */
  delayMs: number;
  /** What the next request sends as `Last-Event-ID`. */
  lastEventId: string;
  /** Why the connection ended. */
  error: SseError;
}

export interface EventSourceOptions extends EventStreamRequest {
  /** Wait before reconnecting while the server has not sent `retry:` (default `RECONNECT_MS`). */
  reconnectMs?: number;
  /** Cap on the wait (default `MAX_RECONNECT_MS`). */
  maxReconnectMs?: number;
  /** Told before each reconnection wait; must not throw. */
  onReconnect?: (notice: ReconnectNotice) => void;
}

export async function* eventSource(options: EventSourceOptions): AsyncGenerator<SseEvent> {
  const { signal } = options;
  const maxMs = options.maxReconnectMs ?? MAX_RECONNECT_MS;
  let lastEventId = options.lastEventId ?? '';
  let reconnectMs = options.reconnectMs ?? RECONNECT_MS;
  let failures = 0;
  while (signal?.aborted !== true) {
    const parser = new SseParser({
      lastEventId,
      ...(options.maxEventLength !== undefined ? { maxEventLength: options.maxEventLength } : {}),
    });
    let ended: SseError;
    try {
      for await (const event of readEventStream({ ...options, lastEventId }, parser)) {
        failures = 0;
        yield event;
      }
      return;
    } catch (error) {
      if (!(error instanceof SseError) || !error.retryable) throw error;
      ended = error;
    } finally {
      lastEventId = parser.lastEventId;
      reconnectMs = parser.reconnectionTimeMs ?? reconnectMs;
    }
    failures++;
    const delayMs = Math.min(maxMs, reconnectMs * 2 ** Math.min(failures - 1, 30));
    options.onReconnect?.({ attempt: failures, delayMs, lastEventId, error: ended });
    try {
      await sleep(delayMs, undefined, signal ? { signal } : {});
    } catch {
      return;
    }
  }
}
