import net from 'node:net';
import { type ApiHandler, apiVersionsBody, type BrokerContext } from './apis/index.js';
import { codecFor } from './protocol/codec.js';
import { ProtocolError } from './protocol/errors.js';
import { readRequestHeaderPrefix, skipTaggedFields, writeResponseHeader } from './protocol/header.js';
import { Reader } from './protocol/reader.js';
import { inVersions } from './protocol/schema.js';
import { Writer } from './protocol/writer.js';

/**
 * The network layer: size-prefixed frames over TCP, one request at a time per
 * connection (as Kafka does, so responses leave in request order), dispatched
 * to the API handlers. Anything wrong with one connection's bytes (oversized
 * or truncated frame, unknown API, unsupported version, undecodable body)
 * closes that connection only.
 */
export interface ServerOptions {
  /** Largest accepted request frame, in bytes. */
  maxFrameBytes: number;
  /** Frames queued per connection before the socket is paused. */
  maxQueuedFrames?: number;
  /** Diagnostics sink (connection closed for a protocol error, handler failures). */
  log?: (message: string) => void;
}

const API_VERSIONS_KEY = 18;
const UNSUPPORTED_VERSION = 35;

export class KafkaServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly byKey: Map<number, ApiHandler>;
  private readonly log: (message: string) => void;

  constructor(
    private readonly ctx: BrokerContext,
    private readonly options: ServerOptions,
  ) {
    this.byKey = new Map(ctx.apis.map((a) => [a.apiKey, a]));
    this.log = options.log ?? (() => {});
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const remote = socket.remoteAddress ?? 'unknown';
    const chunks: Buffer[] = [];
    let buffered = 0;
    const queue: Buffer[] = [];
    let pumping = false;
    const maxQueued = this.options.maxQueuedFrames ?? 32;

    const drop = (reason: string) => {
      this.log(`closing connection from ${remote}: ${reason}`);
      socket.destroy();
    };

    const take = (n: number): Buffer => {
      const first = chunks[0] as Buffer;
      let out: Buffer;
      if (first.length >= n) {
        out = first.subarray(0, n);
        if (first.length === n) chunks.shift();
        else chunks[0] = first.subarray(n);
      } else {
        const all = Buffer.concat(chunks, buffered);
        chunks.length = 0;
        out = all.subarray(0, n);
        if (all.length > n) chunks.push(all.subarray(n));
      }
      buffered -= n;
      return out;
    };

    const pump = async () => {
      if (pumping) return;
      pumping = true;
      try {
        while (queue.length > 0 && !socket.destroyed) {
          const frame = queue.shift() as Buffer;
          await this.handleFrame(socket, frame, remote);
          if (queue.length < maxQueued && socket.isPaused()) socket.resume();
        }
      } catch (err) {
        drop(err instanceof ProtocolError ? err.message : `internal error: ${(err as Error).stack ?? err}`);
      } finally {
        pumping = false;
      }
    };

    socket.on('data', (data: Buffer) => {
      chunks.push(data);
      buffered += data.length;
      while (buffered >= 4) {
        const head = chunks[0] as Buffer;
        const size = head.length >= 4 ? head.readInt32BE(0) : Buffer.concat(chunks, buffered).readInt32BE(0);
        if (size < 8 || size > this.options.maxFrameBytes) {
          drop(`frame size ${size} outside 8..${this.options.maxFrameBytes}`);
          return;
        }
        if (buffered < size + 4) break;
        take(4);
        queue.push(take(size));
      }
      if (queue.length >= maxQueued) socket.pause();
      void pump();
    });
    socket.on('error', (err) => this.log(`connection from ${remote}: ${err.message}`));
    socket.on('close', () => {
      this.sockets.delete(socket);
      queue.length = 0;
    });
  }

  private async handleFrame(socket: net.Socket, frame: Buffer, clientHost: string): Promise<void> {
    const r = new Reader(frame);
    const header = readRequestHeaderPrefix(r);
    const api = this.byKey.get(header.apiKey);
    if (!api) throw new ProtocolError(`unknown API key ${header.apiKey}`);
    const version = header.apiVersion;
    if (version < api.minVersion || version > api.maxVersion) {
      if (api.apiKey !== API_VERSIONS_KEY) {
        throw new ProtocolError(`${api.name} v${version} is not supported (${api.minVersion}-${api.maxVersion})`);
      }
      // KIP-511: answer in v0 so any client can read the error and the ranges, then retry lower.
      const w = new Writer();
      writeResponseHeader(w, header.correlationId, false);
      codecFor(api.response, 0).encode(w, apiVersionsBody(this.ctx, UNSUPPORTED_VERSION));
      await send(socket, w);
      return;
    }
    if (inVersions(api.request.flexibleVersions, version)) skipTaggedFields(r);
    const body = codecFor(api.request, version).decode(r);
    const response = await api.handle(this.ctx, body, {
      version,
      correlationId: header.correlationId,
      clientId: header.clientId,
      clientHost,
    });
    if (response === null || socket.destroyed) return;
    const w = new Writer(512);
    // ApiVersions responses always use header v0 so clients can parse them before negotiation.
    const flexibleHeader = api.apiKey !== API_VERSIONS_KEY && inVersions(api.response.flexibleVersions, version);
    writeResponseHeader(w, header.correlationId, flexibleHeader);
    codecFor(api.response, version).encode(w, response);
    await send(socket, w);
  }
}

function send(socket: net.Socket, w: Writer): Promise<void> {
  const chunks = w.toChunks();
  const size = Buffer.allocUnsafe(4);
  size.writeInt32BE(w.length, 0);
  socket.cork();
  socket.write(size);
  let ok = true;
  for (const c of chunks) ok = socket.write(c);
  socket.uncork();
  if (ok || socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
