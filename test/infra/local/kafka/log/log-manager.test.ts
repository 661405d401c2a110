import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogManager, type LogManagerOptions } from '../../../../../infra/local/kafka/log/log-manager.js';
import { ErrorCode, KafkaError } from '../../../../../infra/local/kafka/protocol/errors.js';
import { decodeValues, encodeRecordBatch } from '../helpers/record-batch.js';

async function codeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof KafkaError) return err.code;
    throw err;
  }
  return undefined;
}

describe('LogManager', () => {
  let dataDir: string;
  const managers: LogManager[] = [];

  async function openManager(opts: Partial<LogManagerOptions> = {}): Promise<LogManager> {
    const manager = await LogManager.open({
      dataDir,
      defaultPartitions: 3,
      autoCreateTopics: true,
      segmentBytes: 1 << 30,
      retentionBytes: -1,
      retentionMs: -1,
      retentionCheckIntervalMs: 0,
      ...opts,
    });
    managers.push(manager);
    return manager;
  }

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-logs-'));
  });
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates topics with persisted metadata and a stable topicId', async () => {
    // Prepare
    const manager = await openManager();

    // Act
    const topic = await manager.createTopic('orders', 2, { 'retention.ms': '1000', 'cleanup.policy': null });
    await manager.partition('orders', 1)!.append(encodeRecordBatch({ records: [{ value: 'x' }] }), Date.now());
    const meta = JSON.parse(await readFile(path.join(dataDir, 'topics', 'orders', 'topic.json'), 'utf8'));
    await manager.close();
    const reopened = await openManager();
    const again = reopened.getTopic('orders');

    // Assess
    expect(topic.topicId).toHaveLength(16);
    expect(topic.topicId.equals(Buffer.alloc(16))).toBe(false);
    expect(topic.partitions).toHaveLength(2);
    expect(meta).toMatchObject({
      name: 'orders',
      topicId: topic.topicId.toString('hex'),
      partitions: 2,
      configs: { 'retention.ms': '1000' },
    });
    expect(typeof meta.createdAt).toBe('number');
    expect(again?.topicId.equals(topic.topicId)).toBe(true);
    expect(reopened.getTopicById(topic.topicId)?.name).toBe('orders');
    expect(again?.configs).toEqual({ 'retention.ms': '1000' });
    expect(again?.partitions[0]?.retentionMs).toBe(1000);
    expect(again?.partitions[1]?.logEndOffset).toBe(1n);
    expect(decodeValues((await again!.partitions[1]!.read(0n, 1 << 20)).chunks)).toEqual(['x']);
    expect(reopened.topics().map((t) => t.name)).toEqual(['orders']);
  });

  it('validates names, partition counts and configs', async () => {
    // Prepare
    const manager = await openManager();
    await manager.createTopic('taken', 1);

    // Act
    const codes = await Promise.all([
      codeOf(manager.createTopic('', 1)),
      codeOf(manager.createTopic('.', 1)),
      codeOf(manager.createTopic('..', 1)),
      codeOf(manager.createTopic('a/b', 1)),
      codeOf(manager.createTopic('x'.repeat(250), 1)),
      codeOf(manager.createTopic('taken', 1)),
      codeOf(manager.createTopic('zero', 0)),
      codeOf(manager.createTopic('many', 10_001)),
      codeOf(manager.createTopic('bad-config', 1, { 'retention.ms': 'soon' })),
    ]);
    const legal = await manager.createTopic(`${'x'.repeat(240)}.a_b-C9`, -1);

    // Assess
    expect(codes).toEqual([
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      ErrorCode.TOPIC_ALREADY_EXISTS,
      ErrorCode.INVALID_PARTITIONS,
      ErrorCode.INVALID_PARTITIONS,
      ErrorCode.INVALID_REQUEST,
    ]);
    expect(legal.partitions).toHaveLength(3);
    expect(manager.getTopic('bad-config')).toBeUndefined();
  });

  it('creates a topic once under concurrent creates and auto-creates', async () => {
    // Prepare
    const manager = await openManager();

    // Act
    const results = await Promise.allSettled([
      manager.createTopic('race', 2),
      manager.createTopic('race', 2),
      manager.ensureTopic('race'),
      manager.ensureTopic('auto'),
      manager.ensureTopic('auto'),
    ]);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    const [first, second, ensured, auto1, auto2] = results;
    expect(((second as PromiseRejectedResult).reason as KafkaError).code).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    expect((ensured as PromiseFulfilledResult<unknown>).value).toBe((first as PromiseFulfilledResult<unknown>).value);
    expect((auto1 as PromiseFulfilledResult<unknown>).value).toBe((auto2 as PromiseFulfilledResult<unknown>).value);
    expect(manager.getTopic('auto')?.partitions).toHaveLength(3);
    expect((await readdir(path.join(dataDir, 'topics'))).sort()).toEqual(['auto', 'race']);
  });

  it('does not auto-create when disabled', async () => {
    // Prepare
    const manager = await openManager({ autoCreateTopics: false });

    // Act
    const topic = await manager.ensureTopic('nope');

    // Assess
    expect(topic).toBeUndefined();
    expect(manager.topics()).toEqual([]);
  });

  it('deletes a topic and its files, and can recreate it with a new id', async () => {
    // Prepare
    const manager = await openManager();
    const topic = await manager.createTopic('gone', 2);
    await topic.partitions[0]!.append(encodeRecordBatch({ records: [{ value: 'x' }] }), Date.now());

    // Act
    await manager.deleteTopic('gone');
    const missing = await codeOf(manager.deleteTopic('gone'));
    const recreated = await manager.createTopic('gone', 1);

    // Assess
    expect(missing).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(manager.getTopicById(topic.topicId)).toBeUndefined();
    expect(recreated.topicId.equals(topic.topicId)).toBe(false);
    expect(recreated.partitions[0]?.logEndOffset).toBe(0n);
    expect(await readdir(path.join(dataDir, 'topics', 'gone'))).toEqual(expect.arrayContaining(['0', 'topic.json']));
    await manager.deleteTopic('gone');
    await expect(stat(path.join(dataDir, 'topics', 'gone'))).rejects.toMatchObject({ code: 'ENOENT' });
    await manager.close();
    expect((await openManager()).topics()).toEqual([]);
  });

  it('hands out monotonic producer ids that never repeat after a restart', async () => {
    // Prepare
    const manager = await openManager();
    const first = await Promise.all([manager.nextProducerId(), manager.nextProducerId(), manager.nextProducerId()]);
    await manager.close();

    // Act
    const reopened = await openManager();
    const next = await reopened.nextProducerId();

    // Assess
    expect(first).toEqual([0n, 1n, 2n]);
    expect(next).toBe(3n);
  });

  it('never reuses a producer id found in the logs even without producer-ids.json', async () => {
    // Prepare
    const manager = await openManager();
    await manager.createTopic('t', 1);
    const batch = encodeRecordBatch({ records: [{ value: 'a' }], producerId: 41n, producerEpoch: 0, baseSequence: 0 });
    await manager.partition('t', 0)!.append(batch, Date.now());
    await manager.close();
    await rm(path.join(dataDir, 'producer-ids.json'), { force: true });

    // Act
    const reopened = await openManager();
    const id = await reopened.nextProducerId();

    // Assess
    expect(id).toBe(42n);
  });

  it('applies per-topic retention overrides', async () => {
    // Prepare
    const manager = await openManager();
    const size = encodeRecordBatch({ records: [{ value: 'v0' }] }).length;
    const topic = await manager.createTopic('small', 1, {
      'segment.bytes': String(size),
      'retention.bytes': String(size),
    });
    const log = topic.partitions[0]!;
    for (let i = 0; i < 4; i++) await log.append(encodeRecordBatch({ records: [{ value: `v${i}` }] }), Date.now());

    // Act
    await manager.applyRetention();

    // Assess
    expect(log.segmentCount).toBe(1);
    expect(log.logStartOffset).toBe(3n);
    expect(decodeValues((await log.read(3n, 1 << 20)).chunks)).toEqual(['v3']);
  });

  it('works without a data directory', async () => {
    // Prepare
    const manager = await LogManager.open({
      dataDir: null,
      defaultPartitions: 1,
      autoCreateTopics: true,
      segmentBytes: 1 << 20,
      retentionBytes: -1,
      retentionMs: -1,
      retentionCheckIntervalMs: 50,
    });
    managers.push(manager);

    // Act
    const topic = await manager.ensureTopic('mem');
    await topic!.partitions[0]!.append(encodeRecordBatch({ records: [{ value: 'm' }] }), Date.now());
    const ids = [await manager.nextProducerId(), await manager.nextProducerId()];

    // Assess
    expect(topic?.partitions[0]?.logEndOffset).toBe(1n);
    expect(ids).toEqual([0n, 1n]);
    expect(await readdir(dataDir)).toEqual([]);
  });
});
