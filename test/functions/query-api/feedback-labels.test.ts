import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeKafkaEvent, type KafkaRecordInput } from '../../../functions/lib/kafka-event/index.js';
import { closeKafkaProducer } from '../../../functions/lib/kafka-producer/index.js';
import type { KafkaLambdaHandler } from '../../../functions/lib/middleware/index.js';
import { slackSignature } from '../../../functions/lib/slack/index.js';
import type { FeedbackView } from '../../../functions/query-api/feedback-route.js';
import { type LocalApi, startLocalApi } from '../../../infra/local/api/index.js';
import { localBucketName } from '../../../infra/local/provision.js';
import { pipeline } from '../../../infra/pipeline.js';
import { type FeedbackServices, startFeedbackServices, useFunctionEnvironment } from '../helpers/feedback-services.js';
import { NEGATIVE_TEXTS } from '../helpers/feedback-texts.js';
import { topicRecords } from '../helpers/kafka-topic.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { getObjectBytes, listKeys } from '../helpers/local-s3.js';
import { hyparquetRows } from '../helpers/parquet.js';

const SECRET = 'e2e-signing-secret-0123456789abcdef';
const LABELS = 'feedback-labels';

/** A Slack button as the notification carries it. */
interface Button {
  action_id: string;
  text: { text: string };
  value: string;
}

// Labels end to end on the real local services: the label API and a signed Slack click
// (label-ingest behind the local API) → the feedback-labels topic on the embedded broker →
// label-store and the archiver (invoked with the topic's records as the event source mapping
// delivers them) → GET /v1/feedback (query-api behind the local API) over dynalite. The
// feedback itself is scored and notified by the real feedback-scorer, whose Slack post's
// buttons are what gets clicked.
describe('feedback labels, end to end', () => {
  let services: FeedbackServices;
  let api: LocalApi;
  let labelStore: KafkaLambdaHandler;
  let archiver: KafkaLambdaHandler;
  let scorer: KafkaLambdaHandler;

  /** Every record of the topic so far, as one MSK event: delivering it again is a replay. */
  const topicEvent = async (topic: string) => {
    const records = await topicRecords(services.broker.bootstrap, topic, pipeline.topics[topic]!.partitions);
    const inputs: KafkaRecordInput[] = records
      .sort((a, b) => a.partition - b.partition || a.offset - b.offset)
      .map((r) => ({
        topic,
        partition: r.partition,
        offset: r.offset,
        timestamp: Date.now(),
        key: r.key,
        value: r.value,
      }));
    return encodeKafkaEvent({ bootstrapServers: services.broker.bootstrap, records: inputs });
  };
  const deliverLabels = async () => labelStore(await topicEvent(LABELS), lambdaContext('label-store'));

  const negativeFeedback = async (): Promise<FeedbackView[]> => {
    const res = await fetch(`${api.url}/v1/feedback?band=negative&limit=100`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: FeedbackView[] }).items;
  };
  const labelOf = async (id: string) => (await negativeFeedback()).find((f) => f.id === id)?.label;

  /** Clicks a notification button: the `block_actions` request Slack would send, signed. */
  const click = (button: Button, user: string) => {
    const payload = {
      type: 'block_actions',
      user: { id: user },
      actions: [{ action_id: button.action_id, type: 'button', value: button.value }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const ts = String(Math.floor(Date.now() / 1000));
    return fetch(`${api.url}/v1/slack/interactivity`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': ts,
        'x-slack-signature': slackSignature(SECRET, ts, body),
      },
      body,
    });
  };
  /** The buttons of the Slack post about feedback `id`. */
  const buttonsOf = (id: string) => {
    const post = services
      .posts('negative')
      .find((p) => (p.body.metadata as { event_payload: { feedback_id: string } }).event_payload.feedback_id === id);
    const actions = (post?.body.blocks as { type: string; elements?: Button[] }[] | undefined)?.find(
      (b) => b.type === 'actions',
    );
    const byText = Object.fromEntries((actions?.elements ?? []).map((b) => [b.text.text, b]));
    return { right: byText.Right!, wrong: byText.Wrong! };
  };

  beforeAll(async () => {
    services = await startFeedbackServices();
    for (const fn of ['feedback-scorer', 'label-store', 'archiver', 'query-api']) useFunctionEnvironment(fn, services);
    useFunctionEnvironment('label-ingest', services, { SECRET_SLACK_SIGNING_SECRET_VALUE: SECRET });
    const ingest = (await import('../../../functions/label-ingest/handler.js')).handler;
    const query = (await import('../../../functions/query-api/handler.js')).handler;
    ({ handler: labelStore } = await import('../../../functions/label-store/handler.js'));
    ({ handler: archiver } = await import('../../../functions/archiver/handler.js'));
    ({ handler: scorer } = await import('../../../functions/feedback-scorer/handler.js'));
    const handlers: Record<string, unknown> = { 'label-ingest': ingest, 'query-api': query };
    api = await startLocalApi({
      routes: pipeline.api
        .filter((r) => r.function in handlers)
        .map((r) => ({
          route: r.route,
          functionName: r.function,
          handler: handlers[r.function] as never,
          timeoutSeconds: 10,
        })),
    });
  });

  afterAll(async () => {
    await api.close();
    await closeKafkaProducer();
    vi.unstubAllEnvs();
    await services.close();
  });

  it('shows a label given before its feedback once the feedback is stored; Slack clicks label it too, the latest wins, and every label is archived', async () => {
    // Prepare: a label for feedback that does not exist yet.
    const now = Date.now();
    const early = await fetch(`${api.url}/v1/feedback/e2e-1/label`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'positive' }),
    });
    expect(early.status).toBe(202);
    await deliverLabels();
    const beforeFeedback = await negativeFeedback();

    // Act 1: the feedback arrives and is scored (and notified, with buttons).
    const feedback = (id: string, offset: number, text: string): KafkaRecordInput => ({
      topic: 'feedback',
      partition: 0,
      offset,
      timestamp: now,
      key: id,
      value: JSON.stringify({ id, source: 'web', text, ts: new Date(now).toISOString() }),
    });
    await scorer(
      encodeKafkaEvent({
        bootstrapServers: services.broker.bootstrap,
        records: [feedback('e2e-1', 0, NEGATIVE_TEXTS[0]), feedback('e2e-2', 1, NEGATIVE_TEXTS[1])],
      }),
      lambdaContext('feedback-scorer'),
    );
    const joined = await negativeFeedback();

    // Act 2: someone clicks "Right" on e2e-2's notification, then someone else "Wrong".
    const { right, wrong } = buttonsOf('e2e-2');
    expect((await click(right, 'U0BOB')).status).toBe(200);
    await deliverLabels();
    const afterRight = await labelOf('e2e-2');
    expect((await click(wrong, 'U0CAROL')).status).toBe(200);
    await deliverLabels();
    // The whole topic once more: a replay after a lost commit.
    await deliverLabels();
    const afterWrong = await labelOf('e2e-2');

    // Act 3: the archive trigger's delivery of the same topic.
    await archiver(await topicEvent(LABELS), lambdaContext('archiver'));

    // Assess
    expect(beforeFeedback.some((f) => f.id === 'e2e-1')).toBe(false);
    const e2e1 = joined.find((f) => f.id === 'e2e-1');
    expect(e2e1?.label).toEqual({ label: 'positive', source: 'api', ts: expect.any(String) });
    expect(joined.find((f) => f.id === 'e2e-2')).not.toHaveProperty('label');
    expect(afterRight).toEqual({ label: 'negative', source: 'slack', user: 'U0BOB', ts: expect.any(String) });
    expect(afterWrong).toEqual({ label: 'positive', source: 'slack', user: 'U0CAROL', ts: expect.any(String) });
    const bucket = localBucketName('archive');
    const keys = await listKeys(services.s3Client, bucket, `raw/topic=${LABELS}/`);
    expect(keys.length).toBeGreaterThan(0);
    const rows = (
      await Promise.all(keys.map(async (k) => hyparquetRows(await getObjectBytes(services.s3Client, bucket, k))))
    ).flat();
    expect(rows.map((r) => [r.key, JSON.parse(String(r.value)).label]).sort()).toEqual([
      ['e2e-1', 'positive'],
      ['e2e-2', 'negative'],
      ['e2e-2', 'positive'],
    ]);
  });
});
