import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpApiEventV2, toHttpApiEvent } from './http-api-event.js';
import { type CompiledRoute, compileRoute } from './routes.js';
import { type StaticFiles, staticFileFor } from './static-files.js';

/**
 * The local API Gateway: an HTTP server on 127.0.0.1 that turns each request
 * into an HTTP API v2 event for the function its route declares in
 * `pipeline.ts`, and the function's result into the response (payload format
 * 2.0: a string/object body alone means 200 JSON; `{ statusCode, headers,
 * body, isBase64Encoded, cookies }` is used as given). Optional static files (the
 * dashboard) answer the GET and HEAD requests no route claims, so an API route always wins.
 */
export type ApiFunction = (event: HttpApiEventV2, context: Record<string, unknown>) => Promise<unknown>;

export interface LocalApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024; // API Gateway HTTP API payload limit

export async function startLocalApi(options: {
  port?: number;
  routes: { route: string; functionName: string; handler: ApiFunction; timeoutSeconds: number }[];
  /** Files served at `/<name>` (and `/` → `index.html`) when no route matches. */
  staticFiles?: StaticFiles;
  log?: (message: string) => void;
}): Promise<LocalApi> {
  const routes: CompiledRoute<(typeof options.routes)[number]>[] = options.routes.map((r) => compileRoute(r.route, r));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reply(res, 413, { message: 'Request Entity Too Large' });
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', async () => {
      if (res.writableEnded) return;
      const path = (req.url ?? '/').split('?')[0] as string;
      const method = req.method ?? 'GET';
      let hit: { route: (typeof routes)[number]; params: Record<string, string> } | undefined;
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
      const target = hit.route.target;
      const event = toHttpApiEvent(
        {
          method,
          url: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks),
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        },
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
      try {
        const result = await Promise.race([
          target.handler(event, context),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('Endpoint request timed out')), target.timeoutSeconds * 1000);
          }),
        ]);
        send(res, result);
      } catch (err) {
        options.log?.(`${target.functionName} failed on ${target.route}: ${(err as Error).stack ?? err}`);
        // API Gateway hides the function's error from the caller.
        reply(res, (err as Error).message === 'Endpoint request timed out' ? 504 : 500, {
          message:
            (err as Error).message === 'Endpoint request timed out' ? 'Service Unavailable' : 'Internal Server Error',
        });
      } finally {
        clearTimeout(timer);
      }
    });
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

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Payload format 2.0 response rules. */
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
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries((structured.headers as Record<string, unknown>) ?? {})) headers[k] = String(v);
  if (Array.isArray(structured.cookies)) headers['set-cookie'] = structured.cookies.map(String);
  const raw = structured.body === undefined ? '' : String(structured.body);
  const body = structured.isBase64Encoded ? Buffer.from(raw, 'base64') : raw;
  res.writeHead(Number(structured.statusCode), headers).end(body);
}
