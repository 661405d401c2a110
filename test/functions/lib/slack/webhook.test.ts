import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postToSlack, retryAfter, SlackGate } from '../../../../functions/lib/slack/index.js';
import { type SlackSink, startSlackSink } from '../../../../infra/local/services/slack-sink.js';

const BODY = { text: 'hello' };

// Against the local Slack webhook sink, switched into failing modes, and a server that never answers.
describe('postToSlack', () => {
  let dir: string;
  let sink: SlackSink;
  let silent: http.Server;
  let silentUrl: string;
  let hook: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-webhook-'));
    sink = await startSlackSink({ file: path.join(dir, 'slack.jsonl') });
    silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/services/x`;
  });

  beforeEach(() => {
    sink.recover();
    hook = `${sink.url}/services/test/${Math.random().toString(36).slice(2)}`;
  });

  afterAll(async () => {
    await sink.close();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const postsTo = (url: string) => sink.acceptedByHook.get(new URL(url).pathname.replace('/services/', '')) ?? 0;

  it('retries 5xx with backoff and sends once Slack recovers', async () => {
    // Prepare
    sink.fail({ status: 500, count: 2 });

    // Act
    const outcome = await postToSlack(hook, BODY, { deadline: Date.now() + 5000, baseBackoffMs: 20 });

    // Assess
    expect(outcome).toEqual({ status: 'sent', attempts: 3, httpStatus: 200 });
    expect(postsTo(hook)).toBe(1);
  });

  it('waits out 429 Retry-After, and makes the other posts to that webhook wait too', async () => {
    // Prepare
    sink.fail({ status: 429, count: 1, retryAfterSeconds: 1 });
    const gate = new SlackGate();
    const started = Date.now();

    // Act
    const first = await postToSlack(hook, BODY, { deadline: started + 5000, gate });
    const firstDone = Date.now();
    const second = await postToSlack(hook, { text: 'second' }, { deadline: started + 5000, gate });

    // Assess
    expect(first).toEqual({ status: 'sent', attempts: 2, httpStatus: 200 });
    expect(firstDone - started).toBeGreaterThanOrEqual(1000);
    expect(second).toEqual({ status: 'sent', attempts: 1, httpStatus: 200 });
    expect(postsTo(hook)).toBe(2);
  });

  it('gives up with retry-later and Retry-After as notBefore when the wait would pass the deadline', async () => {
    // Prepare
    sink.fail({ status: 429, retryAfterSeconds: 30 });
    const started = Date.now();

    // Act
    const outcome = await postToSlack(hook, BODY, { deadline: started + 2000 });

    // Assess
    expect(outcome).toMatchObject({ status: 'retry-later', attempts: 1 });
    const notBefore = (outcome as { notBefore: number }).notBefore;
    expect(notBefore - started).toBeGreaterThanOrEqual(30_000);
    expect(notBefore - started).toBeLessThan(31_000);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('times out an attempt that gets no answer, and stops at the deadline', async () => {
    // Prepare
    const started = Date.now();

    // Act
    const outcome = await postToSlack(silentUrl, BODY, { deadline: started + 1200, timeoutMs: 300, baseBackoffMs: 10 });

    // Assess
    expect(outcome).toMatchObject({
      status: 'retry-later',
      error: expect.stringMatching(/^no answer from Slack within \d+ ms$/),
    });
    expect((outcome as { attempts: number }).attempts).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeLessThanOrEqual(1300);
  });

  it('closes a webhook that keeps failing for the rest of the invoke, so the next post does not spend the budget again', async () => {
    // Prepare
    sink.fail({ status: 503 });
    const gate = new SlackGate();
    const deadline = Date.now() + 800;

    // Act
    const first = await postToSlack(hook, BODY, { deadline, gate, baseBackoffMs: 50 });
    const refusedBefore = sink.refused;
    const second = await postToSlack(hook, BODY, { deadline, gate });

    // Assess
    expect(first).toMatchObject({ status: 'retry-later', httpStatus: 503 });
    expect((first as { attempts: number }).attempts).toBeGreaterThan(1);
    expect(second).toMatchObject({ status: 'retry-later', attempts: 0 });
    expect(sink.refused).toBe(refusedBefore);
  });

  it('does not retry what Slack refuses for good, nor a refused connection past the deadline', async () => {
    // Prepare
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    // Act
    const invalid = await postToSlack(hook, { blocks: 'not an array' }, { deadline: Date.now() + 5000 });
    const refused = await postToSlack(`http://127.0.0.1:${closedPort}/services/x`, BODY, {
      deadline: Date.now() + 600,
      baseBackoffMs: 50,
    });

    // Assess
    expect(invalid).toEqual({
      status: 'rejected',
      attempts: 1,
      httpStatus: 400,
      error: 'Slack answered 400 invalid_payload',
    });
    expect(refused).toMatchObject({ status: 'retry-later', error: 'request to Slack failed: ECONNREFUSED' });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    // Prepare
    const now = Date.UTC(2025, 5, 1, 10, 0, 0);

    // Act
    const values = [
      retryAfter('7', now),
      retryAfter(new Date(now + 90_000).toUTCString(), now),
      retryAfter('soon', now),
      retryAfter(null, now),
    ];

    // Assess
    expect(values).toEqual([7000, 90_000, undefined, undefined]);
  });
});
