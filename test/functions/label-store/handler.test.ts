import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPORT_BATCH_ITEM_FAILURES } from '../../../functions/label-store/config.js';
import { encodeKafkaEvent, type KafkaRecordInput } from '../../../functions/lib/kafka-event/index.js';
import type { KafkaLambdaHandler } from '../../../functions/lib/middleware/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { type FeedbackServices, startFeedbackServices, useFunctionEnvironment } from '../helpers/feedback-services.js';
import { lambdaContext } from '../helpers/lambda-context.js';

/** A label event as label-ingest produces it. */
function labelEvent(feedbackId: string, label: string, ts: string, extra: Record<string, unknown> = {}) {
  return { schemaVersion: 1, feedbackId, label, source: 'api', ts, ...extra };
}

/** A `feedback-labels` record at (partition, offset), keyed by the feedback id as producers key it. */
function labelRecord(partition: number, offset: number, value: unknown, key?: string): KafkaRecordInput {
  return {
    topic: 'feedback-labels',
    partition,
    offset,
    timestamp: Date.UTC(2025, 5, 1, 9, 0, 0) + offset,
    key: key ?? (value as { feedbackId?: string }).feedbackId ?? null,
    value: Buffer.isBuffer(value) || typeof value === 'string' ? value : JSON.stringify(value),
  };
}

// The real handler against dynalite (the feedback-labels table) and s3rver (dead letters).
describe('label-store handler', () => {
  let services: FeedbackServices;
  let handler: KafkaLambdaHandler;

  const invoke = (records: KafkaRecordInput[]) =>
    handler(encodeKafkaEvent({ bootstrapServers: 'b-1.tandem.local:9098', records }), lambdaContext('label-store'));
  const labelsOf = async (prefix: string) =>
    Object.fromEntries(
      (await services.scan('feedback-labels'))
        .filter((item) => String(item.feedbackId).startsWith(prefix))
        .map((item) => [item.feedbackId, item]),
    );

  beforeAll(async () => {
    services = await startFeedbackServices();
    useFunctionEnvironment('label-store', services);
    ({ handler } = await import('../../../functions/label-store/handler.js'));
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await services.close();
  });

  it('reports batch item failures exactly when its trigger in infra/pipeline.ts does', () => {
    // Assess
    const triggers = pipeline.triggers.filter((t) => t.function === 'label-store');
    expect(triggers.map((t) => [t.topic, t.reportBatchItemFailures])).toEqual([
      ['feedback-labels', REPORT_BATCH_ITEM_FAILURES],
    ]);
  });

  it('keeps the latest label per id whatever order batches come in, and a replay changes nothing', async () => {
    // Prepare: three labels of one id, oldest first in the topic.
    const first = labelRecord(1, 10, labelEvent('order-1', 'negative', '2025-06-01T09:00:00.000Z'));
    const second = labelRecord(1, 11, labelEvent('order-1', 'positive', '2025-06-01T09:05:00.000Z'));
    const third = labelRecord(
      1,
      12,
      labelEvent('order-1', 'negative', '2025-06-01T11:10:00+02:00', { source: 'slack', user: 'U0BOB' }),
    );
    const expected = {
      feedbackId: 'order-1',
      label: 'negative',
      source: 'slack',
      user: 'U0BOB',
      ts: '2025-06-01T09:10:00.000Z',
      version: '2025-06-01T09:10:00.000Z|00001|00000000000000000012',
    };

    // Act: the latest first, then the older ones, then everything again (a replay), then a skewed one.
    await invoke([third]);
    const afterLatest = await labelsOf('order-');
    await invoke([second]);
    await invoke([first]);
    const afterOlder = await labelsOf('order-');
    await invoke([first, second, third]);
    // A later offset stamped earlier (another container's clock): ts decides, not arrival.
    await invoke([labelRecord(1, 13, labelEvent('order-1', 'positive', '2025-06-01T09:09:59.999Z'))]);

    // Assess
    expect(afterLatest).toEqual({ 'order-1': expected });
    expect(afterOlder).toEqual({ 'order-1': expected });
    expect(await labelsOf('order-')).toEqual({ 'order-1': expected });
  });

  it('orders labels of the same millisecond by their position in the topic', async () => {
    // Prepare
    const ts = '2025-06-01T09:00:00.000Z';
    const earlier = labelRecord(2, 40, labelEvent('tie-1', 'positive', ts));
    const later = labelRecord(2, 41, labelEvent('tie-1', 'negative', ts));

    // Act
    await invoke([later]);
    await invoke([earlier, later]);
    await invoke([earlier]);

    // Assess
    expect((await labelsOf('tie-'))['tie-1']).toMatchObject({
      label: 'negative',
      version: `${ts}|00002|00000000000000000041`,
    });
  });

  it('stores a label whose feedback does not exist', async () => {
    // Act
    await invoke([labelRecord(0, 5, labelEvent('unknown-1', 'positive', '2025-06-01T09:00:00Z'))]);

    // Assess
    expect((await services.scan('feedback')).some((item) => item.id === 'unknown-1')).toBe(false);
    expect((await labelsOf('unknown-'))['unknown-1']).toMatchObject({ label: 'positive', source: 'api' });
  });

  it('dead-letters bad records with their reason and stores the rest of the batch', async () => {
    // Prepare
    const records = [
      labelRecord(0, 100, labelEvent('poison-ok-1', 'positive', '2025-06-01T09:00:00Z')),
      labelRecord(0, 101, '{"feedbackId": ', 'poison-1'),
      labelRecord(0, 102, labelEvent('poison-2', 'meh', '2025-06-01T09:00:00Z')),
      labelRecord(0, 103, labelEvent('poison-3', 'positive', '2025-06-01T09:00:00Z', { schemaVersion: 2 })),
      labelRecord(0, 104, labelEvent('poison-4', 'positive', 'yesterday')),
      labelRecord(0, 105, labelEvent('poison-5', 'positive', '2025-06-01T09:00:00Z', { pad: 'z'.repeat(5000) })),
      labelRecord(0, 106, labelEvent('poison-ok-2', 'negative', '2025-06-01T09:00:00Z')),
    ];

    // Act
    const result = await invoke(records);

    // Assess
    expect(result).toBeUndefined();
    expect(Object.keys(await labelsOf('poison-')).sort()).toEqual(['poison-ok-1', 'poison-ok-2']);
    const letter = async (offset: number) => {
      const object = await services.s3Client.send(
        new GetObjectCommand({
          Bucket: 'tandem-dead-letters',
          Key: `records/label-store/feedback-labels/0/${offset}.json`,
        }),
      );
      return JSON.parse(await object.Body!.transformToString()) as { reason: string; detail: string };
    };
    expect(await Promise.all([101, 102, 103, 104, 105].map(letter))).toEqual([
      expect.objectContaining({
        reason: 'invalid',
        detail: expect.stringContaining('feedback-labels-0@101 value is not valid JSON'),
      }),
      expect.objectContaining({
        reason: 'invalid',
        detail:
          'feedback-labels-0@102 is not a valid label: label: label must be one of "positive", "negative", got "meh"',
      }),
      expect.objectContaining({
        reason: 'invalid',
        detail: 'feedback-labels-0@103 is not a valid label: schemaVersion: schemaVersion must be 1, got number 2',
      }),
      expect.objectContaining({ reason: 'invalid', detail: expect.stringContaining('@104 is not a valid label: ts:') }),
      expect.objectContaining({ reason: 'too-large' }),
    ]);
  });
});
