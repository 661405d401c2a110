import { afterEach, describe, expect, it } from 'vitest';
import {
  eventSource,
  type ReconnectNotice,
  type SseEvent,
  SseHttpError,
  SseIdleTimeoutError,
  SseStreamEndedError,
} from '../../../../functions/lib/sse/index.js';
import { type RecentChangeStream, startRecentChangeStream } from '../../helpers/recent-change-stream.js';

const USER_AGENT = 'tandem-test/1.0 (event-source tests)';

/** The first `count` events of a source, then stops it. */
async function take(source: AsyncGenerator<SseEvent>, count: number): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of source) {
    events.push(event);
    if (events.length === count) break;
  }
  return events;
}

// The client against a real HTTP server on 127.0.0.1.
describe('eventSource', () => {
  let stream: RecentChangeStream | undefined;

  afterEach(async () => {
    await stream?.close();
    stream = undefined;
  });

  it('asks for an event stream with a User-Agent, and sends Last-Event-ID only when it has one', async () => {
    // Prepare
    stream = await startRecentChangeStream({ name: 'headers', available: 5 });

    // Act
    const fresh = await take(eventSource({ url: stream.url, userAgent: USER_AGENT }), 2);
    const resumed = await take(eventSource({ url: stream.url, userAgent: USER_AGENT, lastEventId: '3' }), 2);

    // Assess
    expect(stream.requests.map(({ at: _, ...r }) => r)).toEqual([
      { lastEventId: undefined, userAgent: USER_AGENT, accept: 'text/event-stream' },
      { lastEventId: '3', userAgent: USER_AGENT, accept: 'text/event-stream' },
    ]);
    expect(fresh.map((e) => [e.type, e.lastEventId, JSON.parse(e.data).meta.id])).toEqual([
      ['message', '1', 'headers-1'],
      ['message', '2', 'headers-2'],
    ]);
    expect(resumed.map((e) => e.lastEventId)).toEqual(['4', '5']);
    expect(resumed[0]!.data).toBe(stream.dataOf(4));
  });

  it('sends a last event id outside Latin-1 as UTF-8 bytes, as the standard says', async () => {
    // Prepare
    stream = await startRecentChangeStream({ name: 'utf8-id', available: 2 });

    // Act
    await take(eventSource({ url: stream.url, userAgent: USER_AGENT, lastEventId: 'ü-☕-1' }), 1);

    // Assess
    const sent = stream.requests[0]!.lastEventId!;
    expect(Buffer.from(sent, 'latin1').toString('utf8')).toBe('ü-☕-1');
  });

  it('reconnects after a connection drops mid-event, waiting the retry the server sent, and resumes after the last id', async () => {
    // Prepare
    stream = await startRecentChangeStream({ name: 'drop', available: 8, retryMs: 150 });
    stream.dropNextConnectionAfter(3);
    const notices: ReconnectNotice[] = [];

    // Act
    const events = await take(
      eventSource({ url: stream.url, userAgent: USER_AGENT, onReconnect: (n) => notices.push(n) }),
      8,
    );

    // Assess
    expect(events.map((e) => e.lastEventId)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(events.map((e) => e.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => stream!.dataOf(n)));
    expect(stream.requests.map((r) => r.lastEventId)).toEqual([undefined, '3']);
    expect(stream.requests[1]!.at - stream.requests[0]!.at).toBeGreaterThanOrEqual(150);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ attempt: 1, delayMs: 150, lastEventId: '3' });
  });

  it('retries a 503 and a closed stream with a doubling wait, and resets the wait once events flow', async () => {
    // Prepare
    stream = await startRecentChangeStream({ name: 'unavailable', available: 2 });
    stream.answerNextWith(503);
    const notices: ReconnectNotice[] = [];

    // Act
    const events = await take(
      eventSource({ url: stream.url, userAgent: USER_AGENT, reconnectMs: 20, onReconnect: (n) => notices.push(n) }),
      2,
    );

    // Assess
    expect(events.map((e) => e.lastEventId)).toEqual(['1', '2']);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.error).toBeInstanceOf(SseHttpError);
    expect(notices[0]!.error.message).toBe(`${stream.url} answered HTTP 503`);
    expect(notices[0]!.delayMs).toBe(20);
  });

  it('doubles the wait for each attempt in a row that delivers nothing', async () => {
    // Prepare
    stream = await startRecentChangeStream({ name: 'flaky', available: 1 });
    for (let i = 0; i < 3; i++) stream.answerNextWith(503);
    const notices: ReconnectNotice[] = [];

    // Act
    const events = await take(
      eventSource({ url: stream.url, userAgent: USER_AGENT, reconnectMs: 10, onReconnect: (n) => notices.push(n) }),
      1,
    );

    // Assess
    expect(events.map((e) => e.lastEventId)).toEqual(['1']);
    expect(notices.map((n) => [n.attempt, n.delayMs])).toEqual([
      [1, 10],
      [2, 20],
      [3, 40],
    ]);
    expect(stream.requests).toHaveLength(4);
  });

  it('fails with SseHttpError on a status or content type reconnecting cannot fix', async () => {
    // Prepare
    stream = await startRecentChangeStream({ name: 'refused', available: 1 });
    const notices: ReconnectNotice[] = [];
    const read = () =>
      take(eventSource({ url: stream!.url, userAgent: USER_AGENT, onReconnect: (n) => notices.push(n) }), 1);

    // Act
    stream.answerNextWith(404);
    const notFound = await read().catch((error: unknown) => error);
    stream.answerNextWith(200, 'text/html');
    const notAStream = await read().catch((error: unknown) => error);

    // Assess
    expect(notFound).toBeInstanceOf(SseHttpError);
    expect(notFound).toMatchObject({ status: 404, retryable: false });
    expect(notAStream).toBeInstanceOf(SseHttpError);
    expect((notAStream as Error).message).toBe(
      `${stream.url} answered 200 with Content-Type text/html, not text/event-stream`,
    );
    expect(notices).toEqual([]);
  });

  it('treats a connection silent for longer than the idle timeout as dead and reconnects', async () => {
    // Prepare: the server's heartbeat comes every 250 ms, so a 100 ms idle timeout trips between them.
    stream = await startRecentChangeStream({ name: 'idle', available: 1 });
    const notices: ReconnectNotice[] = [];
    const source = eventSource({
      url: stream.url,
      userAgent: USER_AGENT,
      idleTimeoutMs: 100,
      reconnectMs: 10,
      onReconnect: (n) => notices.push(n),
    });

    // Act
    const first = await take(source, 1);
    const resumed = eventSource({
      url: stream.url,
      userAgent: USER_AGENT,
      lastEventId: '1',
      idleTimeoutMs: 100,
      reconnectMs: 10,
      onReconnect: (n) => notices.push(n),
    });
    setTimeout(() => stream?.publish(2), 400);
    const second = await take(resumed, 1);

    // Assess
    expect([...first, ...second].map((e) => e.lastEventId)).toEqual(['1', '2']);
    expect(notices.length).toBeGreaterThanOrEqual(1);
    expect(notices.every((n) => n.error instanceof SseIdleTimeoutError && n.lastEventId === '1')).toBe(true);
  });

  it('ends quietly when its signal aborts, mid-connection or mid-wait', async () => {
    // Prepare
    stream = await startRecentChangeStream({ name: 'abort', available: 1 });
    const reading = new AbortController();
    const waiting = new AbortController();
    const waits: ReconnectNotice[] = [];

    // Act
    const whileReading = take(eventSource({ url: stream.url, userAgent: USER_AGENT, signal: reading.signal }), 5);
    setTimeout(() => reading.abort(), 200);
    const read = await whileReading;
    stream.answerNextWith(503);
    const whileWaiting = take(
      eventSource({
        url: stream.url,
        userAgent: USER_AGENT,
        signal: waiting.signal,
        reconnectMs: 60_000,
        onReconnect: (n) => {
          waits.push(n);
          waiting.abort();
        },
      }),
      5,
    );
    const waited = await whileWaiting;

    // Assess
    expect(read.map((e) => e.lastEventId)).toEqual(['1']);
    expect(waited).toEqual([]);
    expect(waits.map((n) => n.delayMs)).toEqual([60_000]);
  });

  it('reconnects when the server closes the stream, resuming after the last id', async () => {
    // Prepare
    stream = await startRecentChangeStream({ name: 'closing', available: 4 });
    stream.endNextConnectionAfter(2);
    const notices: ReconnectNotice[] = [];

    // Act
    const events = await take(
      eventSource({ url: stream.url, userAgent: USER_AGENT, reconnectMs: 5, onReconnect: (n) => notices.push(n) }),
      4,
    );

    // Assess
    expect(events.map((e) => e.lastEventId)).toEqual(['1', '2', '3', '4']);
    expect(stream.requests.map((r) => r.lastEventId)).toEqual([undefined, '2']);
    expect(notices.map((n) => [n.error instanceof SseStreamEndedError, n.lastEventId])).toEqual([[true, '2']]);
  });
});
