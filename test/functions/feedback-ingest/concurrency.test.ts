import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeKafkaProducer } from '../../../functions/lib/kafka-producer/index.js';
import { type LocalApi, startLocalApi } from '../../../infra/local/api/index.js';
import { type RunningBroker, startBroker } from '../../../infra/local/kafka/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { topicRecords } from '../helpers/kafka-topic.js';

const PARTITIONS = pipeline.topics.feedback!.partitions;

/** How many answers had each status. */
function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

/** Acknowledged ids against the topic's keys: lost (acknowledged, not stored), stored twice, stored unasked. */
function reconcile(acknowledged: string[], stored: (string | null)[]) {
  const ack = new Set(acknowledged);
  const seen = new Set<string | null>();
  let duplicated = 0;
  for (const key of stored) {
    if (seen.has(key)) duplicated++;
    seen.add(key);
  }
  return {
    acknowledged: ack.size,
    lost: [...ack].filter((id) => !seen.has(id)).length,
    duplicated,
    unacknowledged: [...seen].filter((key) => key === null || !ack.has(key)).length,
  };
}

// "An acknowledgement means written", under concurrency and across restarts: the real handler
// behind the local API Gateway, which (unlike a Lambda container) runs many requests at once
// through the one producer its module holds, against a broker that keeps its log on disk.
describe('feedback-ingest under concurrent requests and broker restarts', () => {
  let dataDir: string;
  let broker: RunningBroker | undefined;
  let api: LocalApi;
  /** Status of every answer, by feedback id, in the order they came. */
  const answers: { id: string; status: number }[] = [];

  const post = async (id: string): Promise<number> => {
    const res = await fetch(`${api.url}/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, source: 'web', text: `feedback ${id}`, ts: '2025-06-01T10:00:00Z' }),
    });
    await res.arrayBuffer();
    answers.push({ id, status: res.status });
    return res.status;
  };
  const postAll = (ids: string[]) => Promise.all(ids.map(post));
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  const start = async () => {
    broker = await startBroker({ port: 0, dataDir, initialRebalanceDelayMs: 0 });
    vi.stubEnv('KAFKA_BOOTSTRAP', broker.bootstrap);
  };

  /** Keys of the feedback topic, read back by an outside consumer. */
  const storedIds = async () => (await topicRecords(broker!.bootstrap, 'feedback', PARTITIONS)).map((r) => r.key);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-ingest-'));
    await start();
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [broker!.bootstrap] });
    await admin.createTopics({ topics: ['feedback'], partitions: PARTITIONS, replicas: 1 });
    await admin.close();
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
    await broker?.close();
    vi.unstubAllEnvs();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes every one of 800 concurrent posts exactly once and refuses none', async () => {
    // Act
    const statuses = await postAll(ids('burst', 800));
    const stored = await storedIds();

    // Assess
    const acknowledged = ids('burst', 800).filter((_, i) => statuses[i] === 202);
    expect({ statuses: tally(statuses), ...reconcile(acknowledged, stored) }).toEqual({
      statuses: { 202: 800 },
      acknowledged: 800,
      lost: 0,
      duplicated: 0,
      unacknowledged: 0,
    });
  });

  it('after a refusal and a restart on the same data, writes every acknowledged post once, the refused one too', async () => {
    // Prepare: the broker goes away under a running API; a post meanwhile is refused.
    await broker!.close();
    broker = undefined;
    const refused = await post('refused-1');
    await closeKafkaProducer();
    await start();

    // Act: a new producer against the restarted broker, one post at a time and then all at once.
    const again = await post('refused-1');
    for (const id of ids('one-by-one', 20)) await post(id);
    await postAll(ids('after-restart', 500));
    const stored = await storedIds();

    // Assess
    expect([refused, again]).toEqual([503, 202]);
    const acknowledged = answers.filter((a) => a.status === 202).map((a) => a.id);
    expect({ statuses: tally(answers.map((a) => a.status)), ...reconcile(acknowledged, stored) }).toEqual({
      statuses: { 202: 800 + 1 + 20 + 500, 503: 1 },
      acknowledged: 1321,
      lost: 0,
      duplicated: 0,
      unacknowledged: 0,
    });
  });
});
