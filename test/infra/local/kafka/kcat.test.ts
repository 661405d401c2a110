import { Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../../../../infra/local/kafka/index.js';
import { kcat } from './helpers/kcat.js';
import { waitFor } from './helpers/wait.js';

// kcat is librdkafka 2.0.x: it negotiates by the advertised ranges and mixes
// flexible (ApiVersions v3, Metadata v9+) with classic versions.
describe('embedded broker with kcat (librdkafka)', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 50 });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('lists metadata with this node as the only broker', async () => {
    // Prepare
    await kcat(['-P', '-b', broker.bootstrap, '-t', 'kc-meta'], 'hello\n');
    // Act
    const meta = JSON.parse(await kcat(['-L', '-J', '-b', broker.bootstrap, '-t', 'kc-meta']));
    // Assess
    expect(meta.brokers).toEqual([{ id: 1, name: broker.bootstrap }]);
    expect(meta.controllerid).toBe(1);
    expect(meta.topics[0].topic).toBe('kc-meta');
    expect(meta.topics[0].partitions).toHaveLength(3);
  });

  it('produces keyed records and consumes them back from the beginning', async () => {
    // Prepare
    const lines = Array.from({ length: 200 }, (_, i) => `key${i % 5}:value ${i} ünïcødé`);
    // Act
    await kcat(['-P', '-b', broker.bootstrap, '-t', 'kc-basic', '-K', ':'], `${lines.join('\n')}\n`);
    const out = await kcat([
      '-C',
      '-b',
      broker.bootstrap,
      '-t',
      'kc-basic',
      '-o',
      'beginning',
      '-e',
      '-q',
      '-f',
      '%k:%s\n',
    ]);
    // Assess
    expect(out.trim().split('\n').sort()).toEqual([...lines].sort());
  });

  it('commits group offsets so a second run only sees new records', async () => {
    // Prepare
    await kcat(
      ['-P', '-b', broker.bootstrap, '-t', 'kc-group'],
      `${Array.from({ length: 30 }, (_, i) => `a${i}`).join('\n')}\n`,
    );
    const groupRun = () =>
      kcat([
        '-b',
        broker.bootstrap,
        '-G',
        'kc-group-g',
        'kc-group',
        '-e',
        '-q',
        '-f',
        '%s\n',
        '-X',
        'auto.offset.reset=earliest',
        '-X',
        'enable.auto.commit=true',
        '-X',
        'auto.commit.interval.ms=100',
      ]);
    // Act
    const first = (await groupRun()).trim().split('\n');
    await kcat(['-P', '-b', broker.bootstrap, '-t', 'kc-group'], 'b1\nb2\nb3\n');
    const second = (await groupRun()).trim().split('\n');
    // Assess
    expect(first.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `a${i}`).sort());
    expect(second.sort()).toEqual(['b1', 'b2', 'b3']);
  });

  for (const codec of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
    it(`passes ${codec} batches through untouched, end to end`, async () => {
      // Prepare
      const topic = `kc-${codec}`;
      const lines = Array.from({ length: 100 }, (_, i) => `${codec} record ${i} ${'x'.repeat(i)}`);
      // Act
      await kcat(
        ['-P', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-z', codec, '-X', 'linger.ms=50'],
        `${lines.join('\n')}\n`,
      );
      const out = await kcat(['-C', '-b', broker.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\n']);
      // Assess
      expect(out.trim().split('\n')).toEqual(lines);
    });
  }

  it('interoperates with @platformatic/kafka in both directions (snappy and lz4)', async () => {
    // Prepare
    const producer = new Producer({
      clientId: 'pf-kc',
      bootstrapBrokers: [broker.bootstrap],
      serializers: stringSerializers,
      compression: 'lz4',
    });
    const consumer = new Consumer({
      clientId: 'pf-kc-c',
      groupId: 'pf-kc',
      bootstrapBrokers: [broker.bootstrap],
      deserializers: stringDeserializers,
    });
    try {
      // Act
      await kcat(
        ['-P', '-b', broker.bootstrap, '-t', 'kc-interop', '-p', '0', '-z', 'snappy'],
        'from-kcat-1\nfrom-kcat-2\n',
      );
      await producer.send({ messages: [{ topic: 'kc-interop', value: 'from-platformatic', partition: 0 }] });
      const viaKcat = await kcat([
        '-C',
        '-b',
        broker.bootstrap,
        '-t',
        'kc-interop',
        '-o',
        'beginning',
        '-e',
        '-q',
        '-f',
        '%s\n',
      ]);
      const seen: string[] = [];
      const stream = await consumer.consume({
        topics: ['kc-interop'],
        mode: 'earliest',
        autocommit: false,
        maxWaitTime: 100,
      });
      stream.on('data', (m) => seen.push(m.value));
      await waitFor(() => seen.length >= 3, 15_000, 'three records');
      await stream.close();
      // Assess
      expect(viaKcat.trim().split('\n')).toEqual(['from-kcat-1', 'from-kcat-2', 'from-platformatic']);
      expect(seen).toEqual(['from-kcat-1', 'from-kcat-2', 'from-platformatic']);
    } finally {
      await consumer.close(true);
      await producer.close();
    }
  });
});
