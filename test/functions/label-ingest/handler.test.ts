import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LabelRouteKey } from '../../../functions/label-ingest/routes.js';
import { labelButtons } from '../../../functions/lib/feedback-labels/index.js';
import { closeKafkaProducer } from '../../../functions/lib/kafka-producer/index.js';
import { slackSignature } from '../../../functions/lib/slack/index.js';
import { type LocalApi, startLocalApi } from '../../../infra/local/api/index.js';
import { type RunningBroker, startBroker } from '../../../infra/local/kafka/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { topicRecords, topicSize } from '../helpers/kafka-topic.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TOPIC = 'feedback-labels';
const PARTITIONS = pipeline.topics[TOPIC]!.partitions;

/** A `block_actions` payload as Slack sends it for a click on one of `labelButtons`' buttons. */
function blockActions(feedbackId: string, which: 0 | 1, overrides: Record<string, unknown> = {}) {
  const button = (labelButtons(feedbackId, 'negative') as { elements: { action_id: string; value: string }[] })
    .elements[which]!;
  return {
    type: 'block_actions',
    user: { id: 'U0BOB', username: 'bob', team_id: 'T0001' },
    api_app_id: 'A0001',
    container: { type: 'message', message_ts: '1718703000.123456', channel_id: 'C0NEG' },
    response_url: 'https://hooks.slack.com/actions/T0001/1/abc',
    actions: [
      {
        action_id: button.action_id,
        block_id: 'tandem_label',
        type: 'button',
        value: button.value,
        action_ts: '1718703100.000200',
      },
    ],
    ...overrides,
  };
}

// The real handler behind the local API Gateway, producing to the embedded broker.
describe('label-ingest (POST /v1/feedback/{id}/label, POST /v1/slack/interactivity)', () => {
  let broker: RunningBroker;
  let api: LocalApi;
  let admin: Admin;

  const label = (id: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${api.url}/v1/feedback/${encodeURIComponent(id)}/label`, { method: 'POST', headers, body });

  /** Posts a form body `payload=<json>` signed with `secret` at `timestamp` (seconds), as Slack does. */
  const interact = (
    form: string | Record<string, unknown>,
    { secret = SECRET, timestamp = Math.floor(Date.now() / 1000) } = {},
  ) => {
    const raw = typeof form === 'string' ? form : new URLSearchParams({ payload: JSON.stringify(form) }).toString();
    return fetch(`${api.url}/v1/slack/interactivity`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(secret, String(timestamp), raw),
      },
      body: raw,
    });
  };

  const produced = async () =>
    (await topicRecords(broker.bootstrap, TOPIC, PARTITIONS)).map((r) => ({
      key: r.key,
      headers: r.headers,
      value: JSON.parse(r.value) as Record<string, unknown>,
    }));

  beforeAll(async () => {
    broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 0 });
    admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [broker.bootstrap] });
    vi.stubEnv('KAFKA_BOOTSTRAP', broker.bootstrap);
    vi.stubEnv('SECRET_SLACK_SIGNING_SECRET_VALUE', SECRET);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const { handler } = await import('../../../functions/label-ingest/handler.js');
    // The routes as infra/pipeline.ts declares them, so a route the handler does not answer fails here.
    const routes = pipeline.api.filter((r) => r.function === 'label-ingest');
    expect(routes.map((r) => r.route).sort()).toEqual(Object.values(LabelRouteKey).sort());
    api = await startLocalApi({
      routes: routes.map((r) => ({
        route: r.route,
        functionName: r.function,
        handler: handler as never,
        timeoutSeconds: 10,
      })),
    });
  });

  beforeEach(async () => {
    // A fresh, empty topic per test, so "nothing produced" is exact.
    await closeKafkaProducer();
    if ((await admin.listTopics()).includes(TOPIC)) await admin.deleteTopics({ topics: [TOPIC] });
    await admin.createTopics({ topics: [TOPIC], partitions: PARTITIONS, replicas: 1 });
  });

  afterAll(async () => {
    await api.close();
    await closeKafkaProducer();
    await admin.close();
    await broker.close();
    vi.unstubAllEnvs();
  });

  it('produces a label keyed by the feedback id and answers 202, whether or not the feedback exists', async () => {
    // Prepare
    const before = Date.now();

    // Act
    const res = await label('web/42 ü', JSON.stringify({ label: 'negative', extra: 'ignored' }));

    // Assess
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; label: string; ts: string };
    expect(body).toMatchObject({ id: 'web/42 ü', label: 'negative' });
    expect(Date.parse(body.ts)).toBeGreaterThanOrEqual(before);
    expect(await produced()).toEqual([
      {
        key: 'web/42 ü',
        headers: { source: 'api' },
        value: { schemaVersion: 1, feedbackId: 'web/42 ü', label: 'negative', source: 'api', ts: body.ts },
      },
    ]);
  });

  it('answers 400 naming the field for each bad label request, 413 for a large one, and produces nothing', async () => {
    // Prepare
    const cases: [string, string, string, string][] = [
      ['web-1', JSON.stringify({ label: 'meh' }), 'invalid_label', 'label'],
      ['web-1', JSON.stringify({ label: 'Positive' }), 'invalid_label', 'label'],
      ['web-1', JSON.stringify({}), 'invalid_label', 'label'],
      ['web-1', JSON.stringify([{ label: 'positive' }]), 'invalid_label', '(body)'],
      ['web-1', 'null', 'invalid_label', '(body)'],
      [' ', JSON.stringify({ label: 'positive' }), 'invalid_label', 'id'],
      ['x'.repeat(201), JSON.stringify({ label: 'positive' }), 'invalid_label', 'id'],
      ['web-1', '{"label": ', 'invalid_json', ''],
    ];

    // Act
    const answers = await Promise.all(
      cases.map(async ([id, body]) => {
        const res = await label(id, body);
        return [res.status, (await res.json()) as { error: string; field?: string; message: string }] as const;
      }),
    );
    const tooLarge = await label('web-1', JSON.stringify({ label: 'positive', pad: 'z'.repeat(5000) }));

    // Assess
    expect(answers.map(([status, body]) => [status, body.error, body.field ?? ''])).toEqual(
      cases.map(([, , error, field]) => [400, error, field]),
    );
    expect(answers[0]![1].message).toBe('label must be one of "positive", "negative", got "meh"');
    expect(tooLarge.status).toBe(413);
    expect(await topicSize(broker.bootstrap, TOPIC, PARTITIONS)).toBe(0);
  });

  it('labels from a signed click on "Right" and on "Wrong", with the Slack user who clicked', async () => {
    // Act
    const right = await interact(blockActions('slack-Ev1', 0));
    const wrong = await interact(blockActions('web-7', 1, { user: { id: 'U0CAROL' } }));

    // Assess
    expect([right.status, wrong.status]).toEqual([200, 200]);
    const records = await produced();
    const byKey = Object.fromEntries(records.map((r) => [r.key, r]));
    expect(Object.keys(byKey).sort()).toEqual(['slack-Ev1', 'web-7']);
    // "Right" on a negative notification confirms negative; "Wrong" says it was positive.
    expect(byKey['slack-Ev1']).toEqual({
      key: 'slack-Ev1',
      headers: { source: 'slack' },
      value: {
        schemaVersion: 1,
        feedbackId: 'slack-Ev1',
        label: 'negative',
        source: 'slack',
        user: 'U0BOB',
        ts: expect.any(String),
      },
    });
    expect(byKey['web-7']!.value).toMatchObject({ label: 'positive', source: 'slack', user: 'U0CAROL' });
  });

  it('answers 401 and produces nothing for a forged, stale or missing signature', async () => {
    // Prepare
    const now = Math.floor(Date.now() / 1000);
    const raw = new URLSearchParams({ payload: JSON.stringify(blockActions('web-1', 0)) }).toString();

    // Act
    const answers = await Promise.all([
      interact(blockActions('web-1', 0), { secret: 'not-the-signing-secret' }),
      interact(blockActions('web-1', 0), { timestamp: now - 310 }),
      interact(blockActions('web-1', 0), { timestamp: now + 310 }),
      fetch(`${api.url}/v1/slack/interactivity`, { method: 'POST', body: raw }),
      // Signed correctly, then the click changed on the way.
      fetch(`${api.url}/v1/slack/interactivity`, {
        method: 'POST',
        headers: {
          'x-slack-request-timestamp': String(now),
          'x-slack-signature': slackSignature(SECRET, String(now), raw),
        },
        body: raw.replace('negative', 'positive'),
      }),
    ]);

    // Assess
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(await answers[0]!.json()).toEqual({
      error: 'invalid_signature',
      message: 'request signature could not be verified',
    });
    expect(await topicSize(broker.bootstrap, TOPIC, PARTITIONS)).toBe(0);
  });

  it('answers 400 for signed bodies that are not a label click, 200 for other interactions, and produces nothing', async () => {
    // Prepare
    const forgedValue = blockActions('web-1', 0);
    forgedValue.actions[0]!.value = JSON.stringify({ id: 'web-1', label: 'meh' });
    const notJsonValue = blockActions('web-1', 0);
    notJsonValue.actions[0]!.value = 'web-1:negative';

    // Act
    const refused = await Promise.all([
      interact('text=hello'),
      interact('payload=%7Bnot%20json'),
      interact('payload=%5B%5D'),
      interact(forgedValue),
      interact(notJsonValue),
      interact(blockActions('web-1', 0, { user: undefined })),
    ]);
    const ignored = await Promise.all([
      interact({ type: 'view_submission', user: { id: 'U0BOB' }, view: {} }),
      interact(blockActions('web-1', 0, { actions: [{ action_id: 'someone_elses_button', value: 'x' }] })),
      interact({ type: 'block_actions', user: { id: 'U0BOB' } }),
    ]);

    // Assess
    expect(
      await Promise.all(
        refused.map(async (r) => [r.status, ((await r.json()) as { error: string; field?: string }).field]),
      ),
    ).toEqual([
      [400, 'payload'],
      [400, 'payload'],
      [400, 'payload'],
      [400, 'label'],
      [400, 'actions[0].value'],
      [400, 'user.id'],
    ]);
    expect(ignored.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await topicSize(broker.bootstrap, TOPIC, PARTITIONS)).toBe(0);
  });
});
