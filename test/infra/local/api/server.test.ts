import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpApiEventV2, type LocalApi, startLocalApi } from '../../../../infra/local/api/index.js';
import { rawExchange } from './helpers/raw-http.js';

describe('local API Gateway (HTTP API payload v2)', () => {
  let api: LocalApi;
  const events: HttpApiEventV2[] = [];
  const logged: string[] = [];
  beforeAll(async () => {
    api = await startLocalApi({
      log: (m) => logged.push(m),
      routes: [
        {
          route: 'GET /v1/top/{metric}',
          functionName: 'query',
          timeoutSeconds: 2,
          handler: async (event) => ({ metric: event.pathParameters?.metric }),
        },
        // Declared after the parameter route it overlaps: API Gateway still picks it for its own path.
        {
          route: 'GET /v1/top/everything',
          functionName: 'query',
          timeoutSeconds: 2,
          handler: async () => ({ literal: true }),
        },
        {
          route: 'GET /v1/bad-status',
          functionName: 'careless',
          timeoutSeconds: 2,
          handler: async () => ({ statusCode: 42, body: 'x' }),
        },
        {
          route: 'GET /v1/bad-header',
          functionName: 'careless',
          timeoutSeconds: 2,
          handler: async () => ({ statusCode: 200, headers: { 'x-split': 'a\r\nset-cookie: evil=1' }, body: 'x' }),
        },
        {
          route: 'GET /v1/windows/{metric}',
          functionName: 'query',
          timeoutSeconds: 2,
          handler: async (event) => {
            events.push(event);
            return { metric: event.pathParameters?.metric, key: event.queryStringParameters?.key };
          },
        },
        {
          route: 'POST /v1/feedback',
          functionName: 'ingest',
          timeoutSeconds: 2,
          handler: async (event) => ({ statusCode: 202, headers: { 'x-id': 'abc' }, body: event.body ?? '' }),
        },
        {
          route: 'GET /v1/slow',
          functionName: 'slow',
          timeoutSeconds: 1,
          handler: () => new Promise(() => {}),
        },
        {
          route: 'GET /v1/broken',
          functionName: 'broken',
          timeoutSeconds: 1,
          handler: async () => {
            throw new Error('secret internals');
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('turns a request into a v2 event with path and query parameters, and a plain result into 200 JSON', async () => {
    // Act
    const res = await fetch(`${api.url}/v1/windows/edits-per-user?key=Alice&key=Bob&from=2026-01-01T00:00:00Z`, {
      headers: { cookie: 'a=1; b=2', 'x-trace': 't1' },
    });
    // Assess
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ metric: 'edits-per-user', key: 'Alice,Bob' });
    const e = events.at(-1) as HttpApiEventV2;
    expect(e.version).toBe('2.0');
    expect(e.routeKey).toBe('GET /v1/windows/{metric}');
    expect(e.rawPath).toBe('/v1/windows/edits-per-user');
    expect(e.cookies).toEqual(['a=1', 'b=2']);
    expect(e.headers['x-trace']).toBe('t1');
    expect(e.requestContext.http.method).toBe('GET');
  });

  it('picks the most specific route, as API Gateway does: a literal segment over a parameter', async () => {
    // Act
    const literal = await fetch(`${api.url}/v1/top/everything`);
    const parameter = await fetch(`${api.url}/v1/top/everything-else`);

    // Assess
    expect(await literal.json()).toEqual({ literal: true });
    expect(await parameter.json()).toEqual({ metric: 'everything-else' });
  });

  it('passes structured responses through and maps failures like API Gateway', async () => {
    // Act
    const created = await fetch(`${api.url}/v1/feedback`, { method: 'POST', body: '{"text":"hi"}' });
    const missing = await fetch(`${api.url}/v1/nothing`);
    const slow = await fetch(`${api.url}/v1/slow`);
    const broken = await fetch(`${api.url}/v1/broken`);
    // Assess
    expect([created.status, created.headers.get('x-id'), await created.text()]).toEqual([202, 'abc', '{"text":"hi"}']);
    expect(missing.status).toBe(404);
    expect(slow.status).toBe(504);
    expect(broken.status).toBe(500);
    expect(await broken.text()).not.toContain('secret internals');
  });

  it('answers a path whose percent-escapes are not UTF-8 with 400 JSON, and keeps serving', async () => {
    // Act
    const bad = await fetch(`${api.url}/v1/top/%E0%A4%A`, { signal: AbortSignal.timeout(5_000) });
    const after = await fetch(`${api.url}/v1/top/wiki%20edits`);
    // Assess
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/json');
    expect(await bad.json()).toEqual({
      error: 'bad_request',
      message: 'path "/v1/top/%E0%A4%A" is not valid percent-encoded UTF-8',
    });
    expect([after.status, await after.json()]).toEqual([200, { metric: 'wiki edits' }]);
  });

  it('answers 400 to a bad escape on a path no route claims, and to a target that is not a path', async () => {
    // Act
    const unrouted = await fetch(`${api.url}/nowhere/%FF`);
    const absolute = await rawExchange(api.port, 'GET http://elsewhere/v1/top/x HTTP/1.1\r\nhost: x\r\n\r\n');
    // Assess
    expect(unrouted.status).toBe(400);
    expect(absolute.status).toBe(400);
    expect(absolute.text).toContain('"error":"bad_request"');
  });

  it('answers malformed HTTP on the raw socket with 400 JSON and stays up', async () => {
    // Act
    const badHeader = await rawExchange(api.port, 'GET /v1/top/x HTTP/1.1\r\nhost: x\r\nx-a: a\x01b\r\n\r\n');
    const badLine = await rawExchange(api.port, 'GET /v1/top/x HTTP/9.9 extra\r\n\r\n');
    const after = await fetch(`${api.url}/v1/top/x`);
    // Assess
    expect(badHeader.status).toBe(400);
    expect(badHeader.text).toContain('"error":"malformed_request"');
    expect(badLine.status).toBe(400);
    expect(after.status).toBe(200);
  });

  it('answers 413 to a body over 10 MB, declared or streamed, and reads no further', async () => {
    // Prepare
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
    const chunked = Readable.from(
      (function* () {
        for (let i = 0; i < 11; i++) yield Buffer.alloc(1024 * 1024, 'b');
      })(),
    );
    // Act
    const declared = await fetch(`${api.url}/v1/feedback`, { method: 'POST', body: big });
    const streamed = await fetch(`${api.url}/v1/feedback`, {
      method: 'POST',
      body: Readable.toWeb(chunked) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    // Assess
    expect([declared.status, ((await declared.json()) as { error: string }).error]).toEqual([413, 'payload_too_large']);
    expect([streamed.status, ((await streamed.json()) as { error: string }).error]).toEqual([413, 'payload_too_large']);
  });

  it('answers 500, with the cause logged, when a function returns a response HTTP cannot carry', async () => {
    // Act
    const status = await fetch(`${api.url}/v1/bad-status`);
    const header = await fetch(`${api.url}/v1/bad-header`);
    // Assess
    expect([status.status, header.status]).toEqual([500, 500]);
    expect(header.headers.get('set-cookie')).toBeNull();
    expect(logged.join('\n')).toContain('statusCode 42 is not an HTTP status');
    expect(logged.join('\n')).toMatch(/careless returned a response HTTP cannot carry on GET \/v1\/bad-header/);
  });

  it('lives through a client that leaves mid-body', async () => {
    // Act
    const cut = await rawExchange(
      api.port,
      'POST /v1/feedback HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{"te',
      { end: 'destroy' },
    );
    const after = await fetch(`${api.url}/v1/top/x`);
    // Assess
    expect(cut.status).toBe(0);
    expect(after.status).toBe(200);
  });
});
