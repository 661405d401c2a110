/**
 * Static files served by the local API server beside the API routes (the dashboard). Files are
 * an in-memory map from a site-relative name ("index.html", "app-5XK2.js") to bytes, and a
 * request path is looked up in it verbatim: there is no file system behind it, so no path
 * (`/../package.json`, `/%2e%2e/…`, `//etc/passwd`) can reach anything the map does not hold.
 * Percent-decoding is deliberately skipped for the same reason: built asset names are plain
 * ASCII, so a request that needs decoding to match names nothing that exists.
 */

/** Bytes of each file by site-relative name, as the dashboard build produces them. */
export type StaticFiles = ReadonlyMap<string, Uint8Array>;

/** A response for a static file: status 200, its headers and (unless HEAD) its body. */
export interface StaticFileResponse {
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The index of a directory-like path, as S3 static website hosting and CloudFront serve it. */
const INDEX = 'index.html';

/** Content types by file extension, for the files a web page build emits. */
const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  txt: 'text/plain; charset=utf-8',
};

/** Content type of a file name by its extension; unknown ones are opaque bytes. */
export function contentTypeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot >= 0 && CONTENT_TYPES[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

/**
 * The file a GET or HEAD of `path` (without query string) names, or undefined when it names
 * none. `/` is `index.html`.
 */
export function staticFileFor(files: StaticFiles, method: string, path: string): StaticFileResponse | undefined {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (!path.startsWith('/')) return undefined;
  const name = path === '/' ? INDEX : path.slice(1);
  const body = files.get(name);
  if (!body) return undefined;
  return {
    headers: {
      'content-type': contentTypeOf(name),
      'content-length': String(body.byteLength),
      // The local runtime rebuilds the page at every start; the browser must not keep an old copy.
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}
