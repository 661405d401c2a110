import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A local stand-in for Bluesky Jetstream (ws, 127.0.0.1): `GET /subscribe` upgraded to a
 * WebSocket, one JSON text frame per event. With `cursor` it replays every event whose
 * `time_us` is at or after it and then sends new ones live; without, it sends only events
 * published after the connection opened, as Jetstream does. `wantedCollections` filters
 * commit events by collection (identity and account events always pass). It can drop a
 * connection mid-stream and refuse an upgrade with an HTTP status.
 */
export interface JetstreamServer {
  url: string;
  /** Every connection, in order. */
  connections: { cursor: number | undefined; wantedCollections: string[]; userAgent: string | undefined }[];
  /** Appends events (time_us must grow) and sends them to open connections. */
  publish(events: readonly JetstreamEvent[]): void;
  /** Appends raw frames (bytes or text) sent as they are, placed at `timeUs` for replay. */
  publishRaw(frames: readonly { timeUs: number; data: string | Buffer }[]): void;
  /** The next connection sends this many frames, then is destroyed without a close frame. */
  dropNextConnectionAfter(frames: number): void;
  /** The next upgrade is answered with this HTTP status. */
  refuseNextWith(status: number): void;
  close(): Promise<void>;
}

export type JetstreamEvent = Record<string, unknown> & { time_us: number };

/** A post creation event as Jetstream sends it. */
export function postEvent(p: {
  did: string;
  rkey: string;
  timeUs: number;
  text: string;
  langs?: string[];
  createdAt?: string;
}): JetstreamEvent {
  return {
    did: p.did,
    time_us: p.timeUs,
    kind: 'commit',
    commit: {
      rev: `rev${p.timeUs}`,
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey: p.rkey,
      record: {
        $type: 'app.bsky.feed.post',
        createdAt: p.createdAt ?? new Date(Math.floor(p.timeUs / 1000)).toISOString(),
        langs: p.langs ?? ['en'],
        text: p.text,
      },
      cid: `bafyrei${p.rkey}`,
    },
  };
}

interface Frame {
  timeUs: number;
  data: string | Buffer;
  collection: string | undefined;
}

export async function startJetstreamServer(): Promise<JetstreamServer> {
  const frames: Frame[] = [];
  const open = new Set<{ socket: WebSocket; wanted: string[]; sent: number; dropAfter: number | undefined }>();
  const connections: JetstreamServer['connections'] = [];
  let dropNext: number | undefined;
  let refuseNext: number | undefined;
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: '/subscribe',
    verifyClient: (_info, callback) => {
      if (refuseNext === undefined) return callback(true);
      const status = refuseNext;
      refuseNext = undefined;
      callback(false, status);
    },
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const send = (c: { socket: WebSocket; wanted: string[]; sent: number; dropAfter: number | undefined }, f: Frame) => {
    if (f.collection !== undefined && c.wanted.length > 0 && !c.wanted.includes(f.collection)) return;
    if (c.dropAfter !== undefined && c.sent >= c.dropAfter) return;
    // Text frames, as Jetstream sends, even for raw bytes that are not UTF-8.
    c.socket.send(f.data, { binary: false });
    c.sent++;
    if (c.dropAfter !== undefined && c.sent >= c.dropAfter) {
      // Let the frames already written leave, then cut the TCP connection without a close frame.
      setTimeout(() => c.socket.terminate(), 20);
    }
  };
  wss.on('connection', (socket, req) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const rawCursor = url.searchParams.get('cursor');
    const cursor = rawCursor === null ? undefined : Number(rawCursor);
    const wanted = url.searchParams.getAll('wantedCollections');
    connections.push({ cursor, wantedCollections: wanted, userAgent: req.headers['user-agent'] });
    const c = { socket, wanted, sent: 0, dropAfter: dropNext };
    dropNext = undefined;
    open.add(c);
    socket.on('close', () => open.delete(c));
    socket.on('error', () => open.delete(c));
    if (cursor !== undefined) for (const f of frames) if (f.timeUs >= cursor) send(c, f);
  });
  const append = (f: Frame) => {
    frames.push(f);
    for (const c of open) send(c, f);
  };
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/subscribe`,
    connections,
    publish(events) {
      for (const e of events) {
        const commit = e.commit as { collection?: string } | undefined;
        append({ timeUs: e.time_us, data: JSON.stringify(e), collection: commit?.collection });
      }
    },
    publishRaw(raw) {
      for (const r of raw) append({ timeUs: r.timeUs, data: r.data, collection: undefined });
    },
    dropNextConnectionAfter(n) {
      dropNext = n;
    },
    refuseNextWith(status) {
      refuseNext = status;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const c of open) c.socket.terminate();
        wss.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
