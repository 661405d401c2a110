import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeKafkaProducer } from '../../../functions/lib/kafka-producer/index.js';
import { slackSignature } from '../../../functions/lib/slack/index.js';
import { type LocalApi, startLocalApi } from '../../../infra/local/api/index.js';
import { type RunningBroker, startBroker } from '../../../infra/local/kafka/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { topicRecords, topicSize } from '../helpers/kafka-topic.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const PARTITIONS = pipeline.topics.feedback!.partitions;

/** A message event as Slack sends it (https://api.slack.com/events/message). */
function messageEvent(overrides: Record<string, unknown> = {}, event: Record<string, unknown> = {}) {
  return {
    token: 'unused',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: 'Ev0PV52K21',
    event_time: 1718703000,
    event: {
      type: 'message',
      channel: 'C0FEEDBACK',
      user: 'U0ALICE',
      text: 'The new search is <fantastic> & fast',
      ts: '1718703000.123456',
      event_ts: '1718703000.123456',
      channel_type: 'channel',
      ...event,
    },
    ...overrides,
  };
}

// The real handler behind the local API Gateway, producing to the embedded broker.
describe('slack-events (POST /v1/slack/events)', () => {
  let broker: RunningBroker;
  let api: LocalApi;
  let admin: Admin;

  /** Posts a body signed with `secret` at `timestamp` (seconds), as Slack does. */
  const post = (
    body: unknown,
    { secret = SECRET, timestamp = Math.floor(Date.now() / 1000), headers = {} as Record<string, string> } = {},
  ) => {
    const raw = JSON.stringify(body);
    return fetch(`${api.url}/v1/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(secret, String(timestamp), raw),
        ...headers,
      },
      body: raw,
    });
  };

  beforeAll(async () => {
    broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 0 });
    admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [broker.bootstrap] });
    vi.stubEnv('KAFKA_BOOTSTRAP', broker.bootstrap);
    vi.stubEnv('SECRET_SLACK_SIGNING_SECRET_VALUE', SECRET);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const { handler } = await import('../../../functions/slack-events/handler.js');
    api = await startLocalApi({
      routes: [
        { route: 'POST /v1/slack/events', functionName: 'slack-events', handler: handler as never, timeoutSeconds: 10 },
      ],
    });
  });

  beforeEach(async () => {
    // A fresh, empty topic per test, so "nothing produced" is exact.
    await closeKafkaProducer();
    if ((await admin.listTopics()).includes('feedback')) await admin.deleteTopics({ topics: ['feedback'] });
    await admin.createTopics({ topics: ['feedback'], partitions: PARTITIONS, replicas: 1 });
  });

  afterAll(async () => {
    await api.close();
    await closeKafkaProducer();
    await admin.close();
    await broker.close();
    vi.unstubAllEnvs();
  });

  it('answers 401 and produces nothing for a forged, stale, future or missing signature', async () => {
    // Prepare
    const now = Math.floor(Date.now() / 1000);
    const body = messageEvent();
    const raw = JSON.stringify(body);

    // Act
    const answers = await Promise.all([
      post(body, { secret: 'not-the-signing-secret' }),
      post(body, { timestamp: now - 310 }),
      post(body, { timestamp: now + 310 }),
      fetch(`${api.url}/v1/slack/events`, { method: 'POST', body: raw }),
      // Signed correctly, then the body changed on the way.
      fetch(`${api.url}/v1/slack/events`, {
        method: 'POST',
        headers: {
          'x-slack-request-timestamp': String(now),
          'x-slack-signature': slackSignature(SECRET, String(now), raw),
        },
        body: raw.replace('fantastic', 'terrible'),
      }),
    ]);

    // Assess
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(await answers[0]!.json()).toEqual({
      error: 'invalid_signature',
      message: 'request signature could not be verified',
    });
    expect(await topicSize(broker.bootstrap, 'feedback', PARTITIONS)).toBe(0);
  });

  it('answers the url_verification challenge, once the request is verified', async () => {
    // Prepare
    const challenge = {
      token: 'unused',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    };

    // Act
    const verified = await post(challenge);
    const forged = await post(challenge, { secret: 'wrong' });

    // Assess
    expect(verified.status).toBe(200);
    expect(await verified.json()).toEqual({ challenge: challenge.challenge });
    expect(forged.status).toBe(401);
    expect(await topicSize(broker.bootstrap, 'feedback', PARTITIONS)).toBe(0);
  });

  it('produces a channel message as feedback with a stable id; a Slack retry produces the same id', async () => {
    // Act
    const first = await post(messageEvent());
    const retry = await post(messageEvent(), {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    const noEventId = await post(messageEvent({ event_id: undefined }, { ts: '1718703001.000200' }));

    // Assess
    expect([first.status, retry.status, noEventId.status]).toEqual([200, 200, 200]);
    const records = await topicRecords(broker.bootstrap, 'feedback', PARTITIONS);
    expect(records.map((r) => r.key).sort()).toEqual([
      'slack-C0FEEDBACK-1718703001.000200',
      'slack-Ev0PV52K21',
      'slack-Ev0PV52K21',
    ]);
    const byId = records.find((r) => r.key === 'slack-Ev0PV52K21')!;
    expect(JSON.parse(byId.value)).toEqual({
      id: 'slack-Ev0PV52K21',
      source: 'slack',
      text: 'The new search is <fantastic> & fast',
      ts: '2024-06-18T09:30:00.123Z',
      author: 'U0ALICE',
      channel: 'C0FEEDBACK',
    });
    expect(byId.headers).toEqual({ source: 'slack' });
  });

  it('acknowledges and ignores bot messages, edits, other events and messages that are not valid feedback', async () => {
    // Act
    const answers = await Promise.all([
      post(messageEvent({}, { bot_id: 'B0TANDEM', subtype: 'bot_message' })),
      post(messageEvent({}, { bot_id: 'B0TANDEM' })),
      post(messageEvent({}, { subtype: 'message_changed' })),
      post(messageEvent({}, { type: 'reaction_added' })),
      post(messageEvent({}, { text: '' })),
      post(messageEvent({}, { text: 'z'.repeat(4001) })),
      post({ type: 'app_rate_limited', minute_rate_limited: 1718703000 }),
    ]);

    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(await topicSize(broker.bootstrap, 'feedback', PARTITIONS)).toBe(0);
  });
});
