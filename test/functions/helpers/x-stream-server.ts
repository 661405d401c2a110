import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for X API v2 filtered stream (node:http, 127.0.0.1), speaking the documented
 * format:
 * - `GET/POST /2/tweets/search/stream/rules`: `{ data: [{ id, value, tag }], meta }`; `add` and
 *   `delete.ids` bodies, `dry_run=true` validating without changing; a rule whose value is in
 *   `invalid` is refused as X refuses a malformed rule (`meta.summary.invalid`, `errors`).
 * - `GET /2/tweets/search/stream`: Bearer token; 200, chunked, one `{ data, includes,
 *   matching_rules }` per line ended by `\r\n`, an empty `\r\n` line every `keepAliveMs`; one
 *   connection at a time (another gets 429 TooManyConnections, as pay-per-use allows one);
 *   `backfill_minutes=N` first replays the posts published in the last N minutes.
 * Post ids are snowflakes made from the publish time, as X's carry the creation time.
 * Every request and connection is recorded.
 */
export interface XStreamServer {
  url: string;
  token: string;
  rules: Map<string, { id: string; value: string; tag?: string }>;
  requests: { method: string; path: string; dryRun: boolean; body: unknown; at: number; status: number }[];
  connections: { at: number; status: number; backfillMinutes: number | null; params: URLSearchParams }[];
  /** Adds a rule as another tool on the same App would; returns its id. */
  addRule(value: string, tag?: string): string;
  /** Publishes posts matching the given rule values to the open connection(s); returns their ids. */
  publish(posts: { text: string; authorId?: string; matches: string[] }[]): string[];
  /** Writes raw bytes to the open connection(s). */
  writeRaw(data: string | Buffer): void;
  /** Cuts the open connection(s) at the TCP level. */
  drop(): void;
  /** Sends the operational-disconnect message, then ends the connection(s). */
  operationalDisconnect(): void;
  /** Stops keep-alives on the open connection(s), which stay open and silent. */
  silence(): void;
  /** The next connection attempts get these statuses (with rate-limit headers) instead of a stream. */
  answerNextConnectsWith(...statuses: number[]): void;
  /** Stream values that `POST rules` refuses as invalid. */
  invalid: Set<string>;
  /** Open connections. */
  open(): number;
  close(): Promise<void>;
}

const SNOWFLAKE_EPOCH_MS = 1_288_834_974_657n;

export async function startXStreamServer(
  options: { token?: string; keepAliveMs?: number } = {},
): Promise<XStreamServer> {
  const token = options.token ?? 'test-bearer-token';
  const keepAliveMs = options.keepAliveMs ?? 200;
  const rules = new Map<string, { id: string; value: string; tag?: string }>();
  const requests: XStreamServer['requests'] = [];
  const connections: XStreamServer['connections'] = [];
  const forced: number[] = [];
  const invalid = new Set<string>();
  const published: { at: number; id: string; post: { text: string; authorId?: string }; values: string[] }[] = [];
  const live = new Set<{ res: http.ServerResponse; timer: NodeJS.Timeout }>();
  let nextRuleId = 1_700_000_000_000_000_000n;
  let lastId = 0n;

  const payload = (id: string, p: { text: string; authorId?: string }, ruleIds: { id: string; tag?: string }[]) =>
    JSON.stringify({
      data: {
        id,
        text: p.text,
        created_at: new Date(Number((BigInt(id) >> 22n) + SNOWFLAKE_EPOCH_MS)).toISOString(),
        lang: 'en',
        ...(p.authorId ? { author_id: p.authorId } : {}),
        conversation_id: id,
        edit_history_tweet_ids: [id],
      },
      ...(p.authorId
        ? { includes: { users: [{ id: p.authorId, name: `User ${p.authorId}`, username: `user_${p.authorId}` }] } }
        : {}),
      matching_rules: ruleIds.map((r) => ({ id: r.id, ...(r.tag ? { tag: r.tag } : {}) })),
    });
  const matching = (values: string[]) => [...rules.values()].filter((r) => values.includes(r.value));

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body: unknown = raw ? JSON.parse(raw) : undefined;
      const answer = (status: number, json: unknown) => {
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'x-rate-limit-limit': '50',
          // The connect window is never spent here: a 429 is the connection limit or a forced one.
          'x-rate-limit-remaining': '49',
          'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 900),
        });
        res.end(JSON.stringify(json));
      };
      const authorised = req.headers.authorization === `Bearer ${token}`;
      if (url.pathname === '/2/tweets/search/stream/rules') {
        const record = {
          method: req.method ?? '',
          path: url.pathname,
          dryRun: url.searchParams.get('dry_run') === 'true',
          body,
          at: Date.now(),
          status: 200,
        };
        requests.push(record);
        if (!authorised) return answer((record.status = 401), { title: 'Unauthorized', status: 401 });
        const sent = new Date().toISOString();
        if (req.method === 'GET') {
          const data = [...rules.values()];
          return answer(200, { ...(data.length > 0 ? { data } : {}), meta: { sent, result_count: data.length } });
        }
        const b = body as { add?: { value: string; tag?: string }[]; delete?: { ids: string[] } };
        if (b.add) {
          const bad = b.add.filter((r) => invalid.has(r.value));
          const duplicate = b.add.filter((r) => matching([r.value]).length > 0);
          const errors = [
            ...bad.map((r) => ({ value: r.value, title: 'UnprocessableEntity', details: ['bad operator'] })),
            ...duplicate.map((r) => ({ value: r.value, title: 'DuplicateRule', id: matching([r.value])[0]!.id })),
          ];
          if (bad.length > 0 || record.dryRun) {
            return answer(200, {
              meta: {
                sent,
                summary: { created: 0, not_created: bad.length, valid: b.add.length - bad.length, invalid: bad.length },
              },
              ...(errors.length > 0 ? { errors } : {}),
            });
          }
          const created = b.add
            .filter((r) => !duplicate.includes(r))
            .map((r) => {
              const rule = { id: String(nextRuleId++), value: r.value, ...(r.tag ? { tag: r.tag } : {}) };
              rules.set(rule.id, rule);
              return rule;
            });
          record.status = 201;
          return answer(201, {
            data: created,
            meta: {
              sent,
              summary: { created: created.length, not_created: duplicate.length, valid: created.length, invalid: 0 },
            },
            ...(errors.length > 0 ? { errors } : {}),
          });
        }
        if (b.delete) {
          const gone = record.dryRun
            ? b.delete.ids.filter((id) => rules.has(id))
            : b.delete.ids.filter((id) => rules.delete(id));
          return answer(200, {
            meta: { sent, summary: { deleted: gone.length, not_deleted: b.delete.ids.length - gone.length } },
          });
        }
        return answer(400, { title: 'Invalid Request' });
      }
      if (url.pathname !== '/2/tweets/search/stream') return answer(404, { title: 'Not Found Error' });
      const bf = url.searchParams.get('backfill_minutes');
      const connection = {
        at: Date.now(),
        status: 200,
        backfillMinutes: bf === null ? null : Number(bf),
        params: url.searchParams,
      };
      connections.push(connection);
      if (!authorised) return answer((connection.status = 401), { title: 'Unauthorized', status: 401 });
      const status = forced.shift();
      if (status !== undefined) {
        connection.status = status;
        return answer(status, { title: status === 429 ? 'Too Many Requests' : 'Forced', status });
      }
      if (live.size > 0) {
        connection.status = 429;
        return answer(429, {
          title: 'ConnectionException',
          detail: 'This stream is currently at the maximum allowed connection limit.',
          connection_issue: 'TooManyConnections',
          type: 'https://api.x.com/2/problems/streaming-connection',
        });
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.flushHeaders();
      if (bf !== null) {
        const since = Date.now() - Number(bf) * 60_000;
        for (const p of published) {
          const ids = matching(p.values);
          if (p.at >= since && ids.length > 0) res.write(`${payload(p.id, p.post, ids)}\r\n`);
        }
      }
      const entry = { res, timer: setInterval(() => res.write('\r\n'), keepAliveMs) };
      live.add(entry);
      const end = () => {
        clearInterval(entry.timer);
        live.delete(entry);
      };
      res.on('close', end);
      req.socket.on('close', end);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    rules,
    requests,
    connections,
    invalid,
    addRule(value, tag) {
      const id = String(nextRuleId++);
      rules.set(id, { id, value, ...(tag ? { tag } : {}) });
      return id;
    },
    publish(posts) {
      return posts.map((p) => {
        let id = ((BigInt(Date.now()) - SNOWFLAKE_EPOCH_MS) << 22n) | 1n;
        if (id <= lastId) id = lastId + 1n;
        lastId = id;
        const postId = String(id);
        published.push({ at: Date.now(), id: postId, post: p, values: p.matches });
        const ids = matching(p.matches);
        if (ids.length > 0) for (const { res } of live) res.write(`${payload(postId, p, ids)}\r\n`);
        return postId;
      });
    },
    writeRaw(data) {
      for (const { res } of live) res.write(data);
    },
    drop() {
      // Forgotten at once, so an immediate reconnection is not refused as a second connection.
      for (const entry of [...live]) {
        clearInterval(entry.timer);
        live.delete(entry);
        entry.res.socket?.destroy();
      }
    },
    operationalDisconnect() {
      for (const entry of [...live]) {
        clearInterval(entry.timer);
        live.delete(entry);
        entry.res.end(
          `${JSON.stringify({
            errors: [
              {
                title: 'operational-disconnect',
                disconnect_type: 'UpstreamOperationalDisconnect',
                detail: 'This stream has been disconnected upstream for operational reasons.',
                type: 'https://api.x.com/2/problems/operational-disconnect',
              },
            ],
          })}\r\n`,
        );
      }
    },
    silence() {
      for (const entry of live) clearInterval(entry.timer);
    },
    answerNextConnectsWith(...statuses) {
      forced.push(...statuses);
    },
    open: () => live.size,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const entry of live) clearInterval(entry.timer);
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
