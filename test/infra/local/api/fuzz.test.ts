import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../../../infra/local/demo/prng.js';
import { type LocalRuntime, startLocalRuntime } from '../../../../infra/local/runtime.js';
import { pipeline } from '../../../../infra/pipeline.js';
import { randomRequest } from './helpers/random-request.js';
import { rawExchange } from './helpers/raw-http.js';

// Thousands of random, malformed and cut-off requests against the API server `npm start` runs
// (the real routes and functions over dynalite, and the dashboard's files). Each run draws a
// new seed and prints it; TANDEM_FUZZ_SEED=<seed> replays the same requests.
const SEED = Number(process.env.TANDEM_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const REQUESTS = 3_000;
const CONCURRENCY = 16;

describe('local API server under random requests', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  const logged: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-api-fuzz-'));
    runtime = await startLocalRuntime({ pipeline, dataDir, demo: false, log: (m) => logged.push(m) });
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`answers every request without a 5xx and keeps serving (seed ${SEED})`, async () => {
    // Prepare
    process.stdout.write(`api fuzz seed ${SEED} (replay: TANDEM_FUZZ_SEED=${SEED})\n`);
    const random = prng(SEED);
    const requests = Array.from({ length: REQUESTS }, () => randomRequest(random));
    const port = Number(new URL(runtime.apiUrl as string).port);
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    const unanswered: string[] = [];

    // Act
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const request = requests[next++]!;
          const { status: first, text } = await rawExchange(port, request.bytes, {
            end: request.end,
            timeoutMs: 3_000,
          });
          if (first === 0 && request.whole) unanswered.push(request.summary);
          // Every response on the connection (a pipelined request gets its own).
          for (const [, code] of text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g)) {
            const status = Number(code);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status >= 500) serverErrors.push(`${status} for ${request.summary}`);
          }
        }
      }),
    );
    const health = await fetch(`${runtime.apiUrl}/v1/health`);
    const top = await fetch(`${runtime.apiUrl}/v1/top/wiki-edits-by-user?window=latest&n=10`);
    const page = await fetch(`${runtime.dashboardUrl}`);

    // Assess
    process.stdout.write(`api fuzz statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`);
    expect(serverErrors, `seed ${SEED}`).toEqual([]);
    expect(unanswered, `seed ${SEED}`).toEqual([]);
    expect(
      logged.filter((m) => / failed/.test(m)),
      `seed ${SEED}`,
    ).toEqual([]);
    // The requests reached the functions, the static files and the HTTP parser's refusals alike.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(20);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(200);
    expect(statuses.get(404) ?? 0).toBeGreaterThan(200);
    expect(health.status).toBe(200);
    expect(top.status).toBe(200);
    expect(await top.json()).toMatchObject({ metric: 'wiki-edits-by-user', top: [] });
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
  }, 60_000);
});
