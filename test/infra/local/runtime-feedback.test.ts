import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature } from '../../../functions/lib/slack/index.js';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.js';
import { localSecretPath } from '../../../infra/local/secrets.js';
import { pipeline } from '../../../infra/pipeline.js';
import { NEGATIVE_TEXTS, POSITIVE_TEXTS } from '../../functions/helpers/feedback-texts.js';
import { waitFor } from './kafka/helpers/wait.js';

// The feedback pipeline through the local runtime's own entry points: the API routes of
// pipeline.ts, the scorer's trigger, the Slack sink, and the retrier's schedule.
describe('local runtime: feedback entry points', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  const feedbackIdsPosted = () =>
    runtime.slack.recent.map(
      (p) => (p.body.metadata as { event_payload: { feedback_id: string } }).event_payload.feedback_id,
    );

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-runtime-feedback-'));
    runtime = await startLocalRuntime({ pipeline, dataDir, demo: false, log: () => {} });
  });

  afterAll(async () => {
    await runtime.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps a signing secret per state directory, readable by a developer', async () => {
    // Act
    const onDisk = (await readFile(localSecretPath(dataDir, 'slack-signing-secret'), 'utf8')).trim();

    // Assess
    expect(onDisk).toMatch(/^[0-9a-f]{64}$/);
    expect(runtime.secrets['slack-signing-secret']).toBe(onDisk);
    expect(JSON.parse(runtime.secrets['slack-webhooks']!)).toEqual({
      negative: `${runtime.slackUrl}/services/local/negative-feedback`,
      positive: `${runtime.slackUrl}/services/local/positive-feedback`,
      'air-quality': `${runtime.slackUrl}/services/local/air-quality`,
      sensor: `${runtime.slackUrl}/services/local/sensor-alerts`,
    });
  });

  it('scores feedback posted to the ingest route and to the Slack events route, and notifies each once', async () => {
    // Prepare
    const body = JSON.stringify({
      type: 'event_callback',
      event_id: 'EvRUNTIME1',
      event: { type: 'message', channel: 'C1', user: 'U1', text: POSITIVE_TEXTS[0], ts: '1748768400.000100' },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = slackSignature(runtime.secrets['slack-signing-secret']!, timestamp, body);

    // Act
    const ingest = await fetch(`${runtime.apiUrl}/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'web-runtime-1',
        source: 'web',
        text: NEGATIVE_TEXTS[0],
        ts: new Date().toISOString(),
      }),
    });
    const slack = await fetch(`${runtime.apiUrl}/v1/slack/events`, {
      method: 'POST',
      headers: { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
      body,
    });
    const retried = await fetch(`${runtime.apiUrl}/v1/slack/events`, {
      method: 'POST',
      headers: { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature, 'x-slack-retry-num': '1' },
      body,
    });
    await waitFor(() => feedbackIdsPosted().length >= 2, 20_000, 'two notifications');
    const drained = await runtime.drain(20_000);
    const retrier = await runtime.runSchedule('retry-notifications');
    const summary = await runtime.summary();

    // Assess
    expect([ingest.status, slack.status, retried.status]).toEqual([202, 200, 200]);
    expect(drained).toBe(true);
    expect(feedbackIdsPosted().sort()).toEqual(['slack-EvRUNTIME1', 'web-runtime-1']);
    expect(summary.notifications).toEqual({ negative: 1, positive: 1, sensor: 0 });
    // The Slack retry was produced again; the scorer stored and notified its id once.
    expect(summary.byTopic.feedback?.triggers['score-feedback']).toMatchObject({ processed: 3, reconciled: true });
    expect(retrier).toMatchObject({ due: 0, sent: 0, errors: 0 });
  });
});
