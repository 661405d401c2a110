import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeKafkaProducer } from '../../../functions/lib/kafka-producer/index.js';
import { type LocalApi, startLocalApi } from '../../../infra/local/api/index.js';
import { type RunningBroker, startBroker } from '../../../infra/local/kafka/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { topicRecords, topicSize } from '../helpers/kafka-topic.js';

const PARTITIONS = pipeline.topics.feedback!.partitions;

// The real handler behind the local API Gateway (HTTP API v2 events), producing to the embedded broker.
describe('feedback-ingest (POST /v1/feedback)', () => {
  let broker: RunningBroker;
  let api: LocalApi;

  const post = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${api.url}/v1/feedback`, { method: 'POST', headers, body });

  beforeAll(async () => {
    broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 0 });
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [broker.bootstrap] });
    await admin.createTopics({ topics: ['feedback'], partitions: PARTITIONS, replicas: 1 });
    await admin.close();
    vi.stubEnv('KAFKA_BOOTSTRAP', broker.bootstrap);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const { handler } = await import('../../../functions/feedback-ingest/handler.js');
    api = await startLocalApi({
      routes: [
        { route: 'POST /v1/feedback', functionName: 'feedback-ingest', handler: handler as never, timeoutSeconds: 10 },
      ],
    });
  });

  afterAll(async () => {
    await api.close();
    await closeKafkaProducer();
    await broker.close();
    vi.unstubAllEnvs();
  });

  it('answers 400 naming the field for each kind of invalid feedback, and produces nothing', async () => {
    // Prepare
    const valid = { id: 'web-1', source: 'web', text: 'Nice', ts: '2025-06-01T10:00:00Z' };
    const cases: [unknown, string][] = [
      [{ ...valid, id: '' }, 'id'],
      [{ ...valid, id: 'x'.repeat(201) }, 'id'],
      [{ ...valid, source: 7 }, 'source'],
      [{ ...valid, text: '' }, 'text'],
      [{ ...valid, text: '   ' }, 'text'],
      [{ ...valid, text: 'y'.repeat(4001) }, 'text'],
      [{ ...valid, ts: 'yesterday' }, 'ts'],
      [{ ...valid, ts: '2025-02-30T10:00:00Z' }, 'ts'],
      [{ ...valid, ts: '2025-06-01T10:00:00' }, 'ts'],
      [{ ...valid, author: 42 }, 'author'],
      [{ ...valid, url: 'javascript:alert(1)' }, 'url'],
      [[valid], '(body)'],
    ];

    // Act
    const answers = await Promise.all(
      cases.map(async ([body]) => {
        const res = await post(JSON.stringify(body));
        return { status: res.status, body: (await res.json()) as { error: string; field: string; message: string } };
      }),
    );

    // Assess
    expect(answers.map((a) => [a.status, a.body.error, a.body.field])).toEqual(
      cases.map(([, field]) => [400, 'invalid_feedback', field]),
    );
    expect(answers[5]!.body.message).toBe('text must be 1..4000 characters, got 4001');
    expect(await topicSize(broker.bootstrap, 'feedback', PARTITIONS)).toBe(0);
  });

  it('answers 400 for a body that is not JSON and 413 for one over 16 KiB', async () => {
    // Act
    const notJson = await post('{"id": ');
    const notUtf8 = await post(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { 'content-type': 'application/octet-stream' });
    const tooLarge = await post(
      JSON.stringify({ id: 'big', source: 'web', ts: '2025-06-01T10:00:00Z', text: 'é'.repeat(9000) }),
    );

    // Assess
    expect([notJson.status, ((await notJson.json()) as { error: string }).error]).toEqual([400, 'invalid_json']);
    expect([notUtf8.status, ((await notUtf8.json()) as { error: string }).error]).toEqual([400, 'invalid_body']);
    expect([tooLarge.status, ((await tooLarge.json()) as { error: string }).error]).toEqual([413, 'payload_too_large']);
    expect(await topicSize(broker.bootstrap, 'feedback', PARTITIONS)).toBe(0);
  });

  it('produces valid feedback keyed by its id and answers 202 with the id', async () => {
    // Prepare
    const feedback = {
      id: 'web-42',
      source: 'web',
      text: 'The export button finally works 👍',
      ts: '2025-06-01T10:00:00.123+02:00',
      author: 'ana',
      url: 'https://example.com/forms/42',
      extra: 'ignored',
    };

    // Act
    const res = await post(JSON.stringify(feedback));

    // Assess
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: 'web-42' });
    const records = await topicRecords(broker.bootstrap, 'feedback', PARTITIONS);
    expect(records).toHaveLength(1);
    expect(records[0]!.key).toBe('web-42');
    expect(records[0]!.headers).toEqual({ source: 'web' });
    const { extra: _, ...stored } = feedback;
    expect(JSON.parse(records[0]!.value)).toEqual(stored);
  });
});
