import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime } from '../../../infra/local/runtime.js';
import { localSecretPath } from '../../../infra/local/secrets.js';
import { pipeline } from '../../../infra/pipeline.js';
import { NEGATIVE_TEXTS } from '../../functions/helpers/feedback-texts.js';
import { type JetstreamServer, postEvent, startJetstreamServer } from '../../functions/helpers/jetstream-server.js';
import { startXApiServer, type XApiServer } from '../../functions/helpers/x-api-server.js';
import { waitFor } from './kafka/helpers/wait.js';

const QUERY = JSON.parse(pipeline.functions['x-relay']!.environment!.X_SEARCH_QUERIES!)[0] as string;

// What `npm start -- --x-api-url <url> --jetstream-url <url>` sets up, against local stand-ins.
describe('local runtime with the X and Bluesky relays', () => {
  let dataDir: string;
  let x: XApiServer;
  let jetstream: JetstreamServer;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-runtime-social-'));
    x = await startXApiServer({ token: 'local-x-token' });
    jetstream = await startJetstreamServer();
    // The developer's own token, where `npm start` reads it.
    await mkdir(path.dirname(localSecretPath(dataDir, 'x-bearer-token')), { recursive: true });
    await writeFile(localSecretPath(dataDir, 'x-bearer-token'), 'local-x-token\n');
  });

  afterAll(async () => {
    await x.close();
    await jetstream.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('relays both on demand into feedback, where each post is scored once and its Slack post links to it', async () => {
    // Prepare
    const [postId] = x.post(QUERY, [{ text: NEGATIVE_TEXTS[0], authorId: '2244994945' }]);
    const runtime = await startLocalRuntime({
      pipeline,
      dataDir,
      demo: false,
      schedules: ['relay-x', 'relay-bluesky'],
      environment: { X_API_URL: x.url, BLUESKY_JETSTREAM_URL: jetstream.url, BLUESKY_RELAY_RUN_SECONDS: '2' },
      log: () => {},
    });
    const did = 'did:plc:runtime0000000000000000000';
    const t = Date.now() * 1000;

    // Act
    const fromX = await runtime.runSchedule('relay-x');
    const fromBluesky = runtime.runSchedule('relay-bluesky');
    await waitFor(() => jetstream.connections.length === 1, 10_000, 'the Bluesky relay to connect');
    jetstream.publish([
      postEvent({ did, rkey: '3kruntime0001', timeUs: t, text: `Acme: ${NEGATIVE_TEXTS[1]}` }),
      postEvent({ did, rkey: '3kruntime0002', timeUs: t + 1000, text: 'nothing to see here' }),
    ]);
    const bluesky = await fromBluesky;
    await waitFor(() => runtime.slack.accepted >= 2, 30_000, 'two Slack posts');
    const drained = await runtime.drain(30_000);
    const summary = await runtime.summary();
    const listed = (await (await fetch(`${runtime.apiUrl}/v1/feedback?band=negative&limit=10`)).json()) as {
      items: { id: string; source: string; url?: string }[];
    };
    await runtime.stop();

    // Assess
    expect(fromX).toMatchObject({ relayed: 1, queries: [{ outcome: 'caught-up', sinceId: postId }] });
    expect(x.requests.map((r) => r.authorization)).toEqual(['Bearer local-x-token']);
    expect(bluesky).toMatchObject({ outcome: 'relayed', relayed: 1, unmatched: 1 });
    expect(drained).toBe(true);
    expect(summary.byTopic.feedback?.produced).toBe(2);
    expect(summary.reconciled).toBe(true);
    const blueskyUri = `at://${did}/app.bsky.feed.post/3kruntime0001`;
    expect(listed.items.map((i) => [i.id, i.source, i.url]).sort()).toEqual(
      [
        [blueskyUri, 'bluesky', `https://bsky.app/profile/${did}/post/3kruntime0001`],
        [`x-${postId}`, 'x', `https://x.com/user_2244994945/status/${postId}`],
      ].sort(),
    );
    const texts = runtime.slack.recent.map((p) => String(p.body.text));
    expect(texts).toHaveLength(2);
    expect(texts.some((s) => s.includes(`<https://x.com/user_2244994945/status/${postId}|original>`))).toBe(true);
    expect(texts.some((s) => s.includes(`<https://bsky.app/profile/${did}/post/3kruntime0001|original>`))).toBe(true);
  });
});
