import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpApiEventV2, type LocalApi, startLocalApi } from '../../../../infra/local/api/index.js';

describe('local API Gateway (HTTP API payload v2)', () => {
  let api: LocalApi;
  const events: HttpApiEventV2[] = [];
  beforeAll(async () => {
    api = await startLocalApi({
      routes: [
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
});
