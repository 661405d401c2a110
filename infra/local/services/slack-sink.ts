import { appendFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A stand-in for Slack incoming webhooks: accepts `POST /services/<hook>` with a
 * JSON body carrying `text` or `blocks` (Slack answers 400 `invalid_payload`
 * otherwise, and so does this), appends each post to a JSON Lines file and
 * hands it to `onPost` (`npm start --verbose` prints it). `fail()` makes it answer like
 * Slack in trouble (500s, 429 with Retry-After) until `recover()`, for outage tests.
 *
 * The file keeps every post; memory keeps counters and the last `recentLimit` posts only, so
 * a long run's memory does not grow with the posts (every post kept was ~64 MB an hour at
 * `--rate 50`).
 */
export interface SlackPost {
  /** Hook path after /services/, which identifies the channel. */
  hook: string;
  receivedAt: string;
  body: Record<string, unknown>;
}

/** How the sink answers while failing. */
export interface SlackSinkFailure {
  /** HTTP status to answer with (e.g. 500, 503, 429). */
  status: number;
  /** Fail this many requests, then recover by itself (default: until `recover()`). */
  count?: number;
  /** `Retry-After` header value in seconds (Slack sends one with 429). */
  retryAfterSeconds?: number;
}

export interface SlackSink {
  /** Base URL; a channel's webhook URL is `${url}/services/<hook>`. */
  url: string;
  /** Posts accepted since the sink started. */
  readonly accepted: number;
  /** Posts accepted since the sink started, per hook. */
  readonly acceptedByHook: ReadonlyMap<string, number>;
  /** The most recent posts accepted (at most `recentLimit`), oldest first; the file has them all. */
  readonly recent: readonly SlackPost[];
  /** Requests answered with a failure status so far. */
  refused: number;
  /** Answers the next requests with a failure instead of accepting them. */
  fail(failure: SlackSinkFailure): void;
  /** Accepts posts again. */
  recover(): void;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const DEFAULT_RECENT_LIMIT = 100;

export async function startSlackSink(options: {
  /** JSON Lines file every accepted post is appended to. */
  file: string;
  port?: number;
  /** How many recent posts `recent` keeps (default 100). */
  recentLimit?: number;
  onPost?: (post: SlackPost) => void;
}): Promise<SlackSink> {
  await mkdir(path.dirname(options.file), { recursive: true });
  const recentLimit = options.recentLimit ?? DEFAULT_RECENT_LIMIT;
  const recent: SlackPost[] = [];
  const acceptedByHook = new Map<string, number>();
  let accepted = 0;
  let failure: SlackSinkFailure | undefined;
  let refused = 0;
  const server = http.createServer((req, res) => {
    const match = /^\/services\/([A-Za-z0-9/_-]+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no_service');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('payload_too_large');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', async () => {
      if (res.writableEnded) return;
      if (failure) {
        const { status, retryAfterSeconds } = failure;
        if (failure.count !== undefined && --failure.count <= 0) failure = undefined;
        refused++;
        res
          .writeHead(status, {
            'content-type': 'text/plain',
            ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
          })
          .end(status === 429 ? 'rate_limited' : 'internal_error');
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      const valid =
        typeof body === 'object' &&
        body !== null &&
        (typeof (body as { text?: unknown }).text === 'string' || Array.isArray((body as { blocks?: unknown }).blocks));
      if (!valid) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
        return;
      }
      const post: SlackPost = {
        hook: match[1] as string,
        receivedAt: new Date().toISOString(),
        body: body as Record<string, unknown>,
      };
      await appendFile(options.file, `${JSON.stringify(post)}\n`);
      accepted++;
      acceptedByHook.set(post.hook, (acceptedByHook.get(post.hook) ?? 0) + 1);
      recent.push(post);
      if (recent.length > recentLimit) recent.shift();
      options.onPost?.(post);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    acceptedByHook,
    recent,
    get refused() {
      return refused;
    },
    fail(f) {
      failure = { ...f };
    },
    recover() {
      failure = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
