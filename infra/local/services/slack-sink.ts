import { appendFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A stand-in for Slack incoming webhooks: accepts `POST /services/<hook>` with a
 * JSON body carrying `text` or `blocks` (Slack answers 400 `invalid_payload`
 * otherwise, and so does this), appends each post to a JSON Lines file and
 * hands it to `onPost` (the runtime prints it).
 */
export interface SlackPost {
  /** Hook path after /services/, which identifies the channel. */
  hook: string;
  receivedAt: string;
  body: Record<string, unknown>;
}

export interface SlackSink {
  /** Base URL; a channel's webhook URL is `${url}/services/<hook>`. */
  url: string;
  posts: SlackPost[];
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export async function startSlackSink(options: {
  file: string;
  port?: number;
  onPost?: (post: SlackPost) => void;
}): Promise<SlackSink> {
  await mkdir(path.dirname(options.file), { recursive: true });
  const posts: SlackPost[] = [];
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
      posts.push(post);
      await appendFile(options.file, `${JSON.stringify(post)}\n`);
      options.onPost?.(post);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
