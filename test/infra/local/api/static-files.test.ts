import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, type LocalApi, startLocalApi } from '../../../../infra/local/api/index.js';

/** A request sent with its path exactly as given: fetch would normalise `..` and `%2e%2e` away first. */
function rawRequest(
  base: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local API server: static files', () => {
  let api: LocalApi;
  const text = (s: string) => new TextEncoder().encode(s);
  beforeAll(async () => {
    api = await startLocalApi({
      routes: [
        {
          route: 'GET /v1/health',
          functionName: 'query',
          timeoutSeconds: 2,
          handler: async () => ({ status: 'ok' }),
        },
      ],
      staticFiles: new Map([
        ['index.html', text('<!doctype html><title>page</title>')],
        ['app-ABC123.js', text('console.log(1)')],
        ['app-ABC123.js.map', text('{"version":3}')],
        ['styles-DEF456.css', text('body{}')],
        ['config.json', text('{"apiBaseUrl":""}')],
        // A file whose name is also an API route: the route must still answer.
        ['v1/health', text('static shadow')],
      ]),
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('serves / as index.html and each asset with its content type, uncached', async () => {
    // Act
    const responses = await Promise.all(
      ['/', '/index.html', '/app-ABC123.js', '/app-ABC123.js.map', '/styles-DEF456.css', '/config.json?v=2'].map(
        (path) => fetch(`${api.url}${path}`),
      ),
    );

    // Assess
    expect(responses.map((r) => [r.status, r.headers.get('content-type')])).toEqual([
      [200, 'text/html; charset=utf-8'],
      [200, 'text/html; charset=utf-8'],
      [200, 'text/javascript; charset=utf-8'],
      [200, 'application/json; charset=utf-8'],
      [200, 'text/css; charset=utf-8'],
      [200, 'application/json; charset=utf-8'],
    ]);
    for (const r of responses) {
      expect(r.headers.get('cache-control')).toBe('no-cache');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await responses[0]!.text()).toBe('<!doctype html><title>page</title>');
    expect(await responses[2]!.text()).toBe('console.log(1)');
  });

  it('answers HEAD with the headers and no body, and other methods with 404', async () => {
    // Act
    const head = await rawRequest(api.url, '/app-ABC123.js', 'HEAD');
    const post = await rawRequest(api.url, '/index.html', 'POST');

    // Assess
    expect([head.status, head.headers['content-length'], head.body]).toEqual([200, '14', '']);
    expect(post.status).toBe(404);
  });

  it('answers 404 for unknown assets and for paths that climb out or encode their way around', async () => {
    // Act
    const responses = await Promise.all(
      [
        '/missing.js',
        '/app-ABC123.js/',
        '/../package.json',
        '/%2e%2e/package.json',
        '/%2E%2E%2Fpackage.json',
        '/..%2fpackage.json',
        '//etc/passwd',
        '/./index.html',
        '/index.html%00.js',
        '/%69ndex.html',
      ].map((path) => rawRequest(api.url, path)),
    );

    // Assess
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(404));
    for (const r of responses) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.body).toBe('{"message":"Not Found"}');
    }
  });

  it('lets an API route win over a static file of the same path', async () => {
    // Act
    const res = await fetch(`${api.url}/v1/health`);

    // Assess
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('names opaque bytes for an extension it does not know', () => {
    // Act
    const types = ['a.SVG', 'noext', 'x.wasm'].map(contentTypeOf);

    // Assess
    expect(types).toEqual(['image/svg+xml', 'application/octet-stream', 'application/octet-stream']);
  });
});

describe('local API server without static files', () => {
  it('answers / with 404, as before', async () => {
    // Prepare
    const api = await startLocalApi({ routes: [] });

    // Act
    const res = await fetch(`${api.url}/`);
    await api.close();

    // Assess
    expect(res.status).toBe(404);
  });
});
