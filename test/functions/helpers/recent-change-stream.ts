import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local stand-in for Wikimedia EventStreams (node:http, 127.0.0.1): numbered recentchange
 * events as `text/event-stream`, `id: <n>`, resuming after `Last-Event-ID` as the real
 * service does. Events 1..`available` can be read; `publish` makes more available to open
 * connections. It can drop a connection mid-event, end one cleanly, answer requests with an
 * error status, and send malformed data or other event types for chosen ids.
 */
export interface RecentChangeStream {
  url: string;
  /** Every request received, in order. */
  requests: StreamRequest[];
  /** Makes events up to `upTo` available and sends them to open connections. */
  publish(upTo: number): void;
  /** The next connection sends this many events, then half an event, then is destroyed. */
  dropNextConnectionAfter(events: number): void;
  /** The next connection sends this many events, then ends the response cleanly. */
  endNextConnectionAfter(events: number): void;
  /** The next request not yet answered gets this status (and content type) instead of the stream; queues. */
  answerNextWith(status: number, contentType?: string): void;
  /** The data sent for event `n`. */
  dataOf(n: number): string;
  close(): Promise<void>;
}

/** What the server saw of one request. */
export interface StreamRequest {
  /** `Last-Event-ID`, if sent. */
  lastEventId: string | undefined;
  userAgent: string | undefined;
  accept: string | undefined;
  /** When it arrived (epoch ms). */
  at: number;
}

export interface RecentChangeStreamOptions {
  /** Names the stream's events (`meta.id` = `<name>-<n>`), so tests sharing a topic tell theirs apart. */
  name: string;
  /** Events available from the start (default 0). */
  available?: number;
  /** Sent as `retry:` when a connection opens, in ms. */
  retryMs?: number;
  /** Data sent instead of a recent change, by event id; lines become separate `data:` fields. */
  malformed?: Record<number, string>;
  /** Event type sent instead of `message`, by event id. */
  eventTypes?: Record<number, string>;
}

/** The `meta.id` of event `n` of stream `name`. */
export function recentChangeKey(name: string, n: number): string {
  return `${name}-${n}`;
}

/** A recentchange event shaped like Wikimedia's (schema /mediawiki/recentchange/1.0.0). */
export function recentChange(name: string, n: number): Record<string, unknown> {
  const ts = 1_718_700_000 + n;
  return {
    $schema: '/mediawiki/recentchange/1.0.0',
    meta: {
      uri: `https://en.wikipedia.org/wiki/Page_${n}`,
      request_id: `req-${name}-${n}`,
      id: recentChangeKey(name, n),
      dt: new Date(ts * 1000).toISOString(),
      domain: 'en.wikipedia.org',
      stream: 'mediawiki.recentchange',
      topic: 'eqiad.mediawiki.recentchange',
      partition: 0,
      offset: 5_000_000_000 + n,
    },
    id: 2_400_000_000 + n,
    type: 'edit',
    namespace: 0,
    // Multi-byte characters, so the relay is seen to keep them byte for byte.
    title: `Café ☕ ${n}`,
    comment: 'copyedit',
    timestamp: ts,
    user: `Editor${n % 7}`,
    bot: false,
    minor: n % 3 === 0,
    patrolled: true,
    length: { old: 1000 + n, new: 1010 + n },
    revision: { old: 2_500_000_000 + n, new: 2_500_000_001 + n },
    server_url: 'https://en.wikipedia.org',
    server_name: 'en.wikipedia.org',
    server_script_path: '/w',
    wiki: 'enwiki',
    parsedcomment: 'copyedit',
  };
}

export async function startRecentChangeStream(options: RecentChangeStreamOptions): Promise<RecentChangeStream> {
  let available = options.available ?? 0;
  let cut: { after: number; how: 'drop' | 'end' } | undefined;
  const answers: { status: number; contentType: string }[] = [];
  const requests: StreamRequest[] = [];
  const open = new Set<{ res: http.ServerResponse; next: number; cut: typeof cut; sent: number }>();
  const sockets = new Set<Socket>();

  const dataOf = (n: number) => options.malformed?.[n] ?? JSON.stringify(recentChange(options.name, n));
  const frame = (n: number) =>
    `event: ${options.eventTypes?.[n] ?? 'message'}\nid: ${n}\n${dataOf(n)
      .split('\n')
      .map((line) => `data: ${line}\n`)
      .join('')}\n`;

  const pump = (conn: typeof open extends Set<infer C> ? C : never) => {
    while (conn.next <= available) {
      if (conn.cut !== undefined && conn.sent === conn.cut.after) {
        open.delete(conn);
        if (conn.cut.how === 'end') {
          conn.res.end();
          return;
        }
        // Half an event, then the connection breaks: the client must not dispatch it. The break
        // waits a moment so that what was written reaches the client first, as on a real network.
        const half = frame(conn.next);
        conn.res.write(half.slice(0, Math.floor(half.length / 2)));
        const socket = conn.res.socket;
        setTimeout(() => socket?.destroy(), 50);
        return;
      }
      conn.res.write(frame(conn.next));
      conn.next++;
      conn.sent++;
    }
  };

  const server = http.createServer((req, res) => {
    const lastEventId = req.headers['last-event-id'];
    requests.push({
      lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined,
      userAgent: req.headers['user-agent'],
      accept: req.headers.accept,
      at: Date.now(),
    });
    const answer = answers.shift();
    if (answer) {
      const { status, contentType } = answer;
      res.writeHead(status, { 'content-type': contentType });
      res.end(status === 200 ? 'not a stream' : `status ${status}`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.write(`: hello\n${options.retryMs !== undefined ? `retry: ${options.retryMs}\n` : ''}\n`);
    const resumeAfter = Number(lastEventId);
    const conn = {
      res,
      next: Number.isInteger(resumeAfter) && resumeAfter >= 0 ? resumeAfter + 1 : 1,
      cut,
      sent: 0,
    };
    cut = undefined;
    open.add(conn);
    res.on('close', () => open.delete(conn));
    pump(conn);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Comments keep idle connections visibly alive, as EventStreams' own heartbeats do.
  const heartbeat = setInterval(() => {
    for (const conn of open) conn.res.write(': heartbeat\n\n');
  }, 250);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v2/stream/recentchange`,
    requests,
    publish(upTo) {
      available = Math.max(available, upTo);
      for (const conn of [...open]) pump(conn);
    },
    dropNextConnectionAfter(events) {
      cut = { after: events, how: 'drop' };
    },
    endNextConnectionAfter(events) {
      cut = { after: events, how: 'end' };
    },
    answerNextWith(status, contentType = 'text/plain') {
      answers.push({ status, contentType });
    },
    dataOf,
    async close() {
      clearInterval(heartbeat);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
