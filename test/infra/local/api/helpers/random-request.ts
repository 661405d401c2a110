/**
 * Random HTTP requests for fuzzing the local API server, as raw bytes: a request line from
 * known routes and random segments (raw and percent-escaped bytes, malformed escapes, unicode,
 * NUL, very long segments), random query parameters, valid and invalid headers, random bodies
 * with a right, short or long content-length or chunked framing, and sometimes a cut-off
 * request or two pipelined on one connection. Everything comes from `random`, so a seed
 * reproduces a run.
 */

export interface RandomRequest {
  bytes: Buffer;
  /** How the client ends: wait for the server to close, half-close after sending, or drop the connection. */
  end: 'keep-open' | 'half-close' | 'destroy';
  /** Whether the request was sent whole, so the server owes it an answer (a 4xx at worst). */
  whole: boolean;
  /** A short description for failure messages. */
  summary: string;
}

type Random = () => number;

const ROUTE_PATHS = [
  '/v1/top/wiki-edits-by-user',
  '/v1/top/',
  '/v1/windows/feedback-by-band-1m',
  '/v1/windows/',
  '/v1/metrics',
  '/v1/feedback',
  '/v1/health',
  '/v1/air/locations',
  '/v1/air/berlin',
  '/v1/air/berlin/history',
  '/v1/air/',
  '/v1/advice',
  '/v1/slack/events',
  '/',
  '/index.html',
  '/config.json',
  '/../package.json',
  '/%2e%2e/%2e%2e/package.json',
  '/v1/top/%E0%A4%A',
];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'PROPFIND'];
const PARAMS = ['window', 'n', 'key', 'from', 'to', 'band', 'cursor', 'limit', 'metric', 'lat', 'lon', 'x'];
const PARAM_VALUES = [
  'latest',
  'final',
  '2026-11-21T09:00:00Z',
  '2026-11-21T09:00:00+01:00',
  '2026-11-21',
  '2026-02-30',
  '52.52',
  '-180.5',
  '1e309',
  '-1',
  '0',
  '10',
  '101',
  'negative',
  'positive',
  'eyJpZCI6IngifQ',
  '%E0%A4%A',
  '%',
  '%zz',
  '',
];

export function randomRequest(random: Random): RandomRequest {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const int = (max: number) => Math.floor(random() * max);

  // Half the requests are well-formed HTTP (reaching the routes with odd values); the other half
  // break the protocol somewhere.
  const hostile = chance(0.5);
  const segment = () =>
    hostile ? randomSegment(random) : chance(0.7) ? randomToken(random, 1 + int(12)) : '%E2%9C%93';
  const method = hostile && chance(0.1) ? randomToken(random, 1 + int(12)) : pick(METHODS);
  let path = pick(ROUTE_PATHS);
  for (let i = chance(0.5) ? 0 : 1 + int(2); i > 0; i--) path += `${path.endsWith('/') ? '' : '/'}${segment()}`;
  if (chance(0.5)) {
    const params: string[] = [];
    for (let i = 1 + int(4); i > 0; i--) {
      const value = chance(0.7) ? pick(PARAM_VALUES) : segment();
      params.push(`${chance(0.9) ? pick(PARAMS) : segment()}=${value}`);
    }
    path += `?${params.join('&')}`;
  }
  if (hostile && chance(0.05)) path = pick(['*', 'http://127.0.0.1/v1/health', '', 'v1/health']);
  const version = !hostile || chance(0.9) ? 'HTTP/1.1' : pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/1', 'http/1.1', '']);

  const body = randomBody(random);
  const headers: Buffer[] = [];
  if (chance(0.95)) headers.push(Buffer.from('host: 127.0.0.1\r\n'));
  for (let i = int(3); i > 0; i--) headers.push(randomHeader(random, hostile));
  const framing = hostile ? random() : random() * 0.6;
  // A content-length longer than the body sent is a request cut short; so may be a body whose
  // chunk size is garbage (the parser may refuse it or wait for more).
  let unfinished = framing >= 0.7 && framing < 0.75;
  let payload = body;
  if (framing < 0.6) headers.push(Buffer.from(`content-length: ${body.length}\r\n`));
  else if (framing < 0.7) headers.push(Buffer.from(`content-length: ${Math.max(0, body.length - 1 - int(10))}\r\n`));
  else if (framing < 0.75) headers.push(Buffer.from(`content-length: ${body.length + 1 + int(10)}\r\n`));
  else if (framing < 0.85) {
    headers.push(Buffer.from('transfer-encoding: chunked\r\n'));
    if (chance(0.8)) {
      payload = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
    } else {
      payload = Buffer.concat([Buffer.from(`${pick(['zz', '-1', 'ffffffffffffffffff', ''])}\r\n`), body]);
      unfinished = true;
    }
  } else if (framing < 0.88) {
    headers.push(Buffer.from(`content-length: ${body.length}\r\ncontent-length: ${body.length + 1}\r\n`));
  } else if (framing < 0.9) {
    headers.push(Buffer.from(`content-length: ${pick(['-1', 'abc', '1e3', '99999999999999999999'])}\r\n`));
  }
  const cut = hostile && chance(0.15);
  // A whole request asks the server to close after answering, which ends the exchange; it keeps
  // its sending side open meanwhile, as real clients do (Node's server drops requests whose
  // client half-closes before the answer).
  if (!cut && !unfinished) headers.push(Buffer.from('connection: close\r\n'));

  let bytes = Buffer.concat([
    Buffer.from(`${method} `, 'latin1'),
    Buffer.from(path, hostile && chance(0.2) ? 'utf8' : 'latin1'),
    Buffer.from(` ${version}\r\n`, 'latin1'),
    ...headers,
    Buffer.from('\r\n'),
    payload,
  ]);
  if (chance(0.05)) bytes = Buffer.concat([bytes, Buffer.from('GET /v1/health HTTP/1.1\r\nhost: x\r\n\r\n')]);
  if (cut) bytes = bytes.subarray(0, int(bytes.length));
  return {
    bytes,
    end: cut || unfinished ? (chance(0.5) ? 'destroy' : 'half-close') : 'keep-open',
    whole: !cut && !unfinished,
    summary: `${method} ${path.slice(0, 120)}${path.length > 120 ? '…' : ''} (${bytes.length} bytes${cut ? ', cut' : ''})`,
  };
}

/** A path segment: percent-escaped random bytes, malformed escapes, raw unicode, NUL, or a very long run. */
function randomSegment(random: Random): string {
  const kind = Math.floor(random() * 8);
  const len = 1 + Math.floor(random() * 24);
  const bytes = Array.from({ length: len }, () => Math.floor(random() * 256));
  switch (kind) {
    case 0:
      return bytes.map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
    case 1:
      return ['%E0%A4%A', '%', '%G1', '%C3', '%ED%A0%80', '%F4%90%80%80', '%00', '%2F', '%2e%2e'][
        (bytes[0] as number) % 9
      ] as string;
    case 2:
      return 'é✓😀汉'.repeat(1 + (len % 3));
    case 3:
      return String.fromCharCode(...bytes);
    case 4:
      return 'a'.repeat(1 + Math.floor(random() * (random() < 0.2 ? 20_000 : 2_000)));
    case 5:
      return '\u0000';
    default:
      return randomToken(random, len);
  }
}

function randomToken(random: Random, len: number): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~';
  return Array.from({ length: len }, () => chars[Math.floor(random() * chars.length)]).join('');
}

/** A header line: usually a plain one, sometimes with control bytes, raw non-ASCII, no colon or an oversize value. */
function randomHeader(random: Random, hostile: boolean): Buffer {
  const name = !hostile || random() < 0.9 ? `x-${randomToken(random, 1 + Math.floor(random() * 10))}` : 'bad name(';
  const kind = hostile ? Math.floor(random() * 8) : 4 + Math.floor(random() * 4);
  if (kind === 0) return Buffer.from(`${name}: a\u0001b\r\n`, 'latin1');
  if (kind === 1) return Buffer.from(`${name}: ${'é✓'.repeat(3)}\r\n`, 'utf8');
  if (kind === 2) return Buffer.from(`${name} no colon\r\n`, 'latin1');
  if (kind === 3) return Buffer.from(`${name}: ${'v'.repeat(random() < 0.3 ? 70_000 : 4_000)}\r\n`, 'latin1');
  if (kind === 4) return Buffer.from(`x-slack-signature: v0=${randomToken(random, 64)}\r\n`, 'latin1');
  if (kind === 5) return Buffer.from(`content-type: ${random() < 0.5 ? 'application/json' : 'text/plain'}\r\n`);
  return Buffer.from(`${name}: ${randomToken(random, Math.floor(random() * 40))}\r\n`, 'latin1');
}

/** A body: none, random bytes, invalid UTF-8, random JSON, or feedback-shaped JSON with random fields. */
function randomBody(random: Random): Buffer {
  const kind = Math.floor(random() * 6);
  if (kind === 0) return Buffer.alloc(0);
  if (kind === 1)
    return Buffer.from(Array.from({ length: Math.floor(random() * 512) }, () => Math.floor(random() * 256)));
  if (kind === 2) return Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x7b]);
  if (kind === 3) return Buffer.from(JSON.stringify({ [randomToken(random, 5)]: random() < 0.5 ? [1, 2] : null }));
  if (kind === 4) return Buffer.from('{"type":"url_verification","challenge":"abc"}');
  return Buffer.from(
    JSON.stringify({
      id: random() < 0.5 ? randomToken(random, 12) : 42,
      source: random() < 0.5 ? 'web' : randomToken(random, 4),
      text: random() < 0.5 ? 'Checkout keeps failing' : '\u0000'.repeat(3),
      ts: random() < 0.5 ? '2025-06-01T10:00:00Z' : 'yesterday',
    }),
  );
}
