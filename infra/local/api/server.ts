import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PayloadTooLargeError, RequestRefusedError } from './errors.js';
import { type HttpApiEventV2, toHttpApiEvent } from './http-api-event.js';
import { requestPath } from './request-target.js';
import { type CompiledRoute, compileRoute } from './routes.js';
import { type StaticFiles, staticFileFor } from './static-files.js';

/**
 * The local API Gateway: an HTTP server on 127.0.0.1 that turns each request
 * into an HTTP API v2 event for the function its route declares in
 * `pipeline.ts`, and the function's result into the response (payload format
 * 2.0: a string/object body alone means 200 JSON; `{ statusCode, headers,
 * body, isBase64Encoded, cookies }` is used as given). Optional static files (the
 * dashboard) answer the GET and HEAD requests no route claims, so an API route always wins.
 *
 * No request, however malformed, takes the process down: every failure is answered on its own
 * request. The gateway's own answers are JSON `{ message }` (plus `error` when it refuses a
 * request), as API Gateway's are:
 *   400  a target that is not a path, or a path whose percent-escapes are not UTF-8; malformed
 *        HTTP (bad request line, header name or value, framing), answered on the raw socket
 *   404  no route and no static file
 *   413  a body over 10 MB (API Gateway's limit)            431  headers over Node's limit
 *   500  the function threw, or returned a response HTTP cannot carry (bad status, bad header)
 *   504  the function ran past its timeout
 */
export type ApiFunction = (event: HttpApiEventV2, context: Record<string, unknown>) => Promise<unknown>;

export interface LocalApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface ApiRoute {
  route: string;
  functionName: string;
  handler: ApiFunction;
  timeoutSeconds: number;
}

const MAX_BODY = 10 * 1024 * 1024; // API Gateway HTTP API payload limit

/** What Node's HTTP parser says went wrong (`reason` is llhttp's own words: "Invalid header value char"). */
type ParserError = NodeJS.ErrnoException & { reason?: unknown };

/** A function that ran past its timeout (504). */
class FunctionTimeoutError extends Error {
  constructor() {
    super('Endpoint request timed out');
    this.name = 'FunctionTimeoutError';
  }
}

export async function startLocalApi(options: {
  port?: number;
  routes: ApiRoute[];
  /** Files served at `/<name>` (and `/` → `index.html`) when no route matches. */
  staticFiles?: StaticFiles;
  log?: (message: string) => void;
}): Promise<LocalApi> {
  // API Gateway picks the most specific route: `GET /v1/air/locations` over `GET /v1/air/{location}`.
  // Of routes that match one path, the one with fewer parameters has more literal segments.
  const parameters = (route: string) => route.split('{').length;
  const routes: CompiledRoute<ApiRoute>[] = [...options.routes]
    .sort((a, b) => parameters(a.route) - parameters(b.route))
    .map((r) => compileRoute(r.route, r));
  const log = options.log ?? (() => {});
  /** Responses still being written per socket: a parse error after a request waits for its answer. */
  const answering = new WeakMap<Duplex, Set<http.ServerResponse>>();

  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = requestPath(req.url ?? '/');
    let hit: { route: CompiledRoute<ApiRoute>; params: Record<string, string> } | undefined;
    for (const route of routes) {
      const params = route.match(method, path);
      if (params) {
        hit = { route, params };
        break;
      }
    }
    if (!hit) {
      const file = options.staticFiles && staticFileFor(options.staticFiles, method, path);
      if (file) res.writeHead(200, file.headers).end(method === 'HEAD' ? undefined : file.body);
      else reply(res, 404, { message: 'Not Found' });
      return;
    }
    const body = await readBody(req, MAX_BODY);
    const target = hit.route.target;
    const event = toHttpApiEvent(
      { method, url: req.url ?? '/', headers: req.headers, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' },
      target.route,
      hit.params,
    );
    const deadline = Date.now() + target.timeoutSeconds * 1000;
    const context = {
      functionName: target.functionName,
      awsRequestId: randomUUID(),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    let timer: NodeJS.Timeout | undefined;
    let result: unknown;
    try {
      result = await Promise.race([
        target.handler(event, context),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new FunctionTimeoutError()), target.timeoutSeconds * 1000);
        }),
      ]);
    } catch (err) {
      log(`${target.functionName} failed on ${target.route}: ${(err as Error).stack ?? err}`);
      // API Gateway hides the function's error from the caller.
      if (err instanceof FunctionTimeoutError) reply(res, 504, { message: 'Service Unavailable' });
      else reply(res, 500, { message: 'Internal Server Error' });
      return;
    } finally {
      clearTimeout(timer);
    }
    try {
      send(res, result);
    } catch (err) {
      throw new Error(`${target.functionName} returned a response HTTP cannot carry on ${target.route}`, {
        cause: err,
      });
    }
  }

  const server = http.createServer((req, res) => {
    // A client that goes away mid-request errors these streams; that is its problem, not the process's.
    req.on('error', () => {});
    res.on('error', () => {});
    const open = answering.get(req.socket) ?? new Set();
    answering.set(req.socket, open.add(res));
    res.once('close', () => open.delete(res));
    answer(req, res)
      .catch((err) => {
        if (req.socket.destroyed) return; // nobody left to answer
        if (err instanceof RequestRefusedError) {
          // A refused body is not read further: the connection closes after the answer.
          const close = err instanceof PayloadTooLargeError;
          reply(res, err.statusCode, { message: err.message, error: err.code }, close);
          return;
        }
        log(`api: ${req.method} ${String(req.url).slice(0, 200)} failed: ${(err as Error).stack ?? err}`);
        if (err instanceof Error && err.cause instanceof Error) log(`  cause: ${err.cause.stack ?? err.cause}`);
        if (res.headersSent) res.destroy();
        else reply(res, 500, { message: 'Internal Server Error' });
      })
      // Last resort: whatever failed while answering a failure ends this request only.
      .catch(() => res.destroy());
  });
  server.on('clientError', (err: ParserError, socket: Duplex) => {
    // Bytes after a good request (a wrong content-length, garbage pipelined behind it) fail only
    // once that request is answered, so its answer goes out first, whole.
    const open = [...(answering.get(socket) ?? [])];
    if (open.length === 0) answerMalformed(err, socket);
    else {
      const closed = open.map((res) => new Promise((resolve) => res.once('close', resolve)));
      void Promise.all(closed).then(() => answerMalformed(err, socket));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Malformed HTTP (Node's parser gave up on the socket): 400 (431 for oversize headers, 408 for
 * a request that never finished arriving) on the raw socket, then close it.
 */
function answerMalformed(err: ParserError, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({
    message: http.STATUS_CODES[status],
    error: 'malformed_request',
    ...(typeof err.reason === 'string' ? { reason: err.reason } : {}),
  });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
  // A client that never reads must not hold the socket open.
  (socket as Socket).setTimeout?.(5_000, () => socket.destroy());
}

/** The request body; rejects with `PayloadTooLargeError` past `limit` (declared or sent). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length']) > limit) return Promise.reject(new PayloadTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new PayloadTooLargeError(limit));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => reject(new Error('client closed the connection before the body ended')));
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown, close = false): void {
  res
    .writeHead(status, { 'content-type': 'application/json', ...(close ? { connection: 'close' } : {}) })
    .end(JSON.stringify(body));
}

/** Payload format 2.0 response rules; throws when the result is not a response HTTP can carry. */
function send(res: http.ServerResponse, result: unknown): void {
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as Record<string, unknown>)
      : undefined;
  if (!structured) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  const status = Number(structured.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new Error(`statusCode ${JSON.stringify(structured.statusCode)} is not an HTTP status`);
  }
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries((structured.headers as Record<string, unknown>) ?? {})) headers[k] = String(v);
  if (Array.isArray(structured.cookies)) headers['set-cookie'] = structured.cookies.map(String);
  const raw = structured.body === undefined ? '' : String(structured.body);
  const body = structured.isBase64Encoded ? Buffer.from(raw, 'base64') : raw;
  res.writeHead(status, headers).end(body);
}
