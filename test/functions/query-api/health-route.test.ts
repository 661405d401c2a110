import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalDynamo, localDocumentClient, startLocalDynamo } from '../helpers/local-dynamo.js';
import { queryApiClient, stubQuietEnvironment } from '../helpers/query-api-client.js';

const ROUTE = 'GET /v1/health';
const NOW = Date.UTC(2025, 5, 1, 12, 0);

describe('GET /v1/health', () => {
  let dynamo: LocalDynamo;

  beforeAll(async () => {
    stubQuietEnvironment();
    dynamo = await startLocalDynamo();
  });

  afterAll(async () => {
    await dynamo.close();
    vi.unstubAllEnvs();
  });

  it('answers 200 ok while DynamoDB answers, and 503 with the error once it is stopped', async () => {
    // Prepare
    const api = queryApiClient(dynamo, { now: () => NOW });

    // Act
    const up = await api.get(ROUTE);
    await dynamo.stop();
    const down = await api.get(ROUTE);

    // Assess
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ status: 'ok', time: '2025-06-01T12:00:00.000Z', checks: { dynamodb: 'ok' } });
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      status: 'unavailable',
      time: '2025-06-01T12:00:00.000Z',
      checks: { dynamodb: 'ECONNREFUSED' },
    });
    expect(down.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 within its timeout when DynamoDB accepts the connection but never answers', async () => {
    // Prepare
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const documents = localDocumentClient(`http://127.0.0.1:${port}`);
    const api = queryApiClient(dynamo, { now: () => NOW, documents, healthTimeoutMs: 300 });

    // Act
    const started = performance.now();
    const answer = await api.get(ROUTE);
    const elapsed = performance.now() - started;
    documents.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));

    // Assess
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ status: 'unavailable', checks: { dynamodb: 'TimeoutError' } });
    expect(elapsed).toBeLessThan(2000);
  });
});
