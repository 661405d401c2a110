/**
 * A burst of negative feedback through the local runtime (`npm start`'s pipeline: the API
 * route, the broker, the scorer's trigger, dynalite, the Slack sink and the retrier's
 * schedule on its own timer): how many Slack messages it makes, how fast they hit the webhook,
 * and how long until every feedback id is in a message.
 *
 *   node --no-experimental-require-module --import tsx bench/notification-flood.ts \
 *     [--count 500] [--in-flight 1] [--digest-seconds S] [--posts-per-minute N] [--timeout-seconds 900]
 *
 * Without options the pipeline's own settings apply (infra/pipeline.ts). Not part of
 * `npm run bench`: with digests it runs until the retrier's schedule (every 5 minutes) has
 * sent the last one. The sink accepts every post, so it shows what is sent, not Slack's 429s:
 * a webhook takes about one message a second.
 */

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../infra/local/runtime.js';
import { LOCAL_SLACK_HOOKS } from '../infra/local/secrets.js';
import type { SlackPost } from '../infra/local/services/slack-sink.js';
import { pipeline } from '../infra/pipeline.js';
import { NEGATIVE_TEXTS } from '../test/functions/helpers/feedback-texts.js';
import { fmt, printTable } from './table.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '500' },
    'digest-seconds': { type: 'string' },
    'posts-per-minute': { type: 'string' },
    'timeout-seconds': { type: 'string', default: '900' },
    'in-flight': { type: 'string', default: '1' },
  },
});
const count = Number(values.count);
const timeoutMs = Number(values['timeout-seconds']) * 1000;

/** Environment variables some function of this pipeline declares (older pipelines declare fewer). */
const declared = new Set(Object.values(pipeline.functions).flatMap((f) => Object.keys(f.environment ?? {})));

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const apiPort = await freePort();
const environment: Record<string, string> = {};
if (values['digest-seconds']) environment.NOTIFICATION_DIGEST_SECONDS = values['digest-seconds'];
if (values['posts-per-minute']) environment.NOTIFICATION_POSTS_PER_MINUTE = values['posts-per-minute'];
if (declared.has('FEEDBACK_QUERY_URL')) environment.FEEDBACK_QUERY_URL = `http://127.0.0.1:${apiPort}`;

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-flood-'));
const runtime = await startLocalRuntime({
  pipeline,
  dataDir,
  demo: false,
  dashboard: false,
  apiPort,
  environment,
  log: (m) => {
    if (/error/i.test(m)) process.stderr.write(`${m}\n`);
  },
});

try {
  const run = Date.now().toString(36);
  const ids = Array.from({ length: count }, (_, i) => `flood-${run}-${i}`);
  const wanted = new Set(ids);

  // Progress on stderr, for a run that takes minutes.
  let answered = 0;
  const progress = setInterval(() => {
    const r = runtime.reports().find((t) => t.trigger === 'score-feedback');
    process.stderr.write(
      `answered ${answered}/${count}, scorer processed ${r?.processed} lag ${r?.lag} in flight ${r?.inFlight}, slack posts ${runtime.slack.accepted}\n`,
    );
  }, 10_000);

  // Act: every feedback posted to the local API, `--in-flight` requests at once.
  const started = performance.now();
  const startedAt = Date.now();
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Number(values['in-flight']) }, async () => {
      while (next < ids.length) {
        const i = next++;
        const response = await fetch(`${runtime.apiUrl}/v1/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            id: ids[i],
            source: 'web',
            text: NEGATIVE_TEXTS[i % NEGATIVE_TEXTS.length],
            ts: new Date().toISOString(),
          }),
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        answered++;
      }
    }),
  );
  const ingestMs = performance.now() - started;

  // Wait until every id is in a Slack message (the retrier's schedule runs on its own timer).
  // The sink keeps only recent posts in memory; its file has every one.
  const allPosts = async (): Promise<SlackPost[]> =>
    (await readFile(path.join(dataDir, 'slack.jsonl'), 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as SlackPost);
  const covered = async () => {
    const seen = new Map<string, number>();
    for (const post of await allPosts()) {
      if (post.hook !== LOCAL_SLACK_HOOKS.negative) continue;
      const meta = post.body.metadata as { event_type: string; event_payload: Record<string, unknown> } | undefined;
      const payload = meta?.event_payload ?? {};
      const inIt = Array.isArray(payload.feedback_ids) ? (payload.feedback_ids as string[]) : [payload.feedback_id];
      for (const id of inIt) if (wanted.has(String(id))) seen.set(String(id), (seen.get(String(id)) ?? 0) + 1);
    }
    return seen;
  };
  let allInMs: number | undefined;
  while (performance.now() - started < timeoutMs) {
    if ((await covered()).size === ids.length) {
      allInMs = performance.now() - started;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  clearInterval(progress);

  // Assess
  const posts = (await allPosts()).filter(
    (p) => p.hook === LOCAL_SLACK_HOOKS.negative && Date.parse(p.receivedAt) >= startedAt,
  );
  const digests = posts.filter(
    (p) => (p.body.metadata as { event_type: string }).event_type !== 'tandem_feedback_notification',
  );
  const seen = await covered();
  const perSecond = new Map<number, number>();
  for (const p of posts) {
    const second = Math.floor(Date.parse(p.receivedAt) / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  const settings = ['NOTIFICATION_POSTS_PER_MINUTE', 'NOTIFICATION_DIGEST_SECONDS']
    .map((k) => `${k}=${process.env[k] ?? 'n/a'}`)
    .join(', ');
  printTable(`notification flood: ${fmt(count)} negative feedback through the local runtime (${settings})`, [
    { figure: 'POST /v1/feedback answered', value: [...statuses].map(([s, n]) => `${n}× ${s}`).join(', ') },
    { figure: 'ingest time (all 202s)', value: `${fmt(ingestMs / 1000, 1)} s` },
    { figure: 'Slack messages to #negative-feedback', value: fmt(posts.length) },
    { figure: '  of which posts of their own', value: fmt(posts.length - digests.length) },
    { figure: '  of which digests', value: fmt(digests.length) },
    { figure: 'most messages in one second', value: fmt(Math.max(0, ...perSecond.values())) },
    { figure: 'ids in a message', value: `${fmt(seen.size)} of ${fmt(count)}` },
    { figure: 'ids in more than one message', value: fmt([...seen.values()].filter((n) => n > 1).length) },
    {
      figure: 'time until every id is in a message',
      value: allInMs === undefined ? `not within ${fmt(timeoutMs / 1000)} s` : `${fmt(allInMs / 1000, 1)} s`,
    },
  ]);
  if (digests[0]) process.stdout.write(`\nfirst digest:\n${String(digests[0].body.text)}\n`);
} finally {
  await runtime.stop();
  await rm(dataDir, { recursive: true, force: true });
}
