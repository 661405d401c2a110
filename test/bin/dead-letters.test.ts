import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Consumer, MessagesStreamModes } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeadLettersCommand } from '../../bin/dead-letters.js';
import { deadLetterSink } from '../../functions/lib/dead-letter/index.js';
import { type RunningBroker, startBroker } from '../../infra/local/kafka/index.js';
import { LOCAL_REGION, localBucketName } from '../../infra/local/provision.js';
import { S3_CREDENTIALS, startS3 } from '../../infra/local/services/s3.js';
import { createTopic, waitFor } from '../infra/local/esm/helpers/kafka.js';

function capture() {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { out, text: () => text };
}

/** Every value in a topic, read from the start by an outside consumer: `expected` of them, and any extra within 500 ms. */
async function topicValues(bootstrap: string, topic: string, expected: number): Promise<string[]> {
  const consumer = new Consumer({
    clientId: 'inspect',
    groupId: `inspect-${Date.now()}-${Math.random()}`,
    bootstrapBrokers: [bootstrap],
  });
  const values: string[] = [];
  try {
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, maxWaitTime: 100 });
    stream.on('data', (message) => values.push(Buffer.from(message.value as Buffer).toString()));
    await waitFor(() => values.length >= expected, 10_000, `${expected} records in ${topic}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return values;
}

// The dead-letter command on a state directory written as the local runtime writes it (s3rver on
// <dir>/s3, the sink's documents), replaying into the embedded broker.
describe('tandem dead-letters', () => {
  let dataDir: string;
  let broker: RunningBroker;
  const base = { dataDir: '', json: true, bootstrap: '', again: false, dryRun: false };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-dead-letters-'));
    broker = await startBroker({ port: 0, inMemory: true });
    await createTopic(broker.bootstrap, 'wiki-changes', 3);
    const s3Server = await startS3({ dir: path.join(dataDir, 's3') });
    const s3 = new S3Client({
      endpoint: s3Server.endpoint,
      region: LOCAL_REGION,
      forcePathStyle: true,
      credentials: S3_CREDENTIALS,
    });
    await s3.send(new CreateBucketCommand({ Bucket: localBucketName('dead-letters') }));
    const sink = deadLetterSink({ functionName: 'wiki-windows', bucket: localBucketName('dead-letters'), s3 });
    await sink.put({
      topic: 'wiki-changes',
      partition: 0,
      offset: 7,
      reason: 'late',
      detail: 'behind',
      key: Buffer.from('u'),
      value: Buffer.from('{"n":7}'),
      headers: [],
    });
    await sink.put({
      topic: 'wiki-changes',
      partition: 1,
      offset: 3,
      reason: 'invalid',
      detail: 'not JSON \u001b[2J',
      key: null,
      value: Buffer.from('oops\u001b[2J'),
      headers: [],
    });
    await sink.put({
      topic: 'wiki-changes',
      partition: 2,
      offset: 9,
      reason: 'late',
      detail: 'behind',
      key: null,
      value: Buffer.from('{"n":9}'),
      headers: [{ key: 'source', value: Buffer.from('x') }],
    });
    s3.destroy();
    await s3Server.close();
    base.dataDir = dataDir;
    base.bootstrap = broker.bootstrap;
  });
  afterAll(async () => {
    await broker.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists dead letters with reason, coordinates, preview and file, filtered by reason', async () => {
    // Prepare
    const all = capture();
    const late = capture();
    const text = capture();

    // Act
    await runDeadLettersCommand({ ...base, action: 'list', filter: {}, out: all.out });
    await runDeadLettersCommand({ ...base, action: 'list', filter: { reason: 'late' }, out: late.out });
    await runDeadLettersCommand({ ...base, action: 'list', json: false, filter: { reason: 'invalid' }, out: text.out });

    // Assess
    const rows = all
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => `${r.reason} ${r.coordinates.partition}@${r.coordinates.offset}`)).toEqual([
      'late 0@7',
      'invalid 1@3',
      'late 2@9',
    ]);
    expect(rows[0]).toMatchObject({
      function: 'wiki-windows',
      preview: '{"n":7}',
      location: `s3://tandem-dead-letters/records/wiki-windows/wiki-changes/0/7.json`,
    });
    expect(rows[0].file.startsWith(path.join(dataDir, 's3'))).toBe(true);
    expect(late.text().trim().split('\n')).toHaveLength(2);
    expect(text.text()).toContain('wiki-changes-1@3');
    expect(text.text()).toContain('oops\\u001b[2J');
    expect(text.text()).not.toContain('\u001b');
    expect(text.text()).toContain('1 dead letter(s): invalid 1');
  });

  it('replays chosen records to their topic once, skips them on a second run, and again with --again', async () => {
    // Prepare
    const first = capture();
    const second = capture();

    // Act
    await runDeadLettersCommand({ ...base, action: 'replay', filter: { reason: 'late' }, out: first.out });
    await runDeadLettersCommand({ ...base, action: 'replay', filter: { reason: 'late' }, out: second.out });
    const once = await topicValues(broker.bootstrap, 'wiki-changes', 2);
    await runDeadLettersCommand({
      ...base,
      action: 'replay',
      again: true,
      filter: { records: ['wiki-changes-2@9'] },
      out: capture().out,
    });
    const twice = await topicValues(broker.bootstrap, 'wiki-changes', 3);
    const listed = capture();
    await runDeadLettersCommand({ ...base, action: 'list', filter: { reason: 'late' }, out: listed.out });

    // Assess
    expect(first.text()).toContain('2 replayed, 0 skipped');
    expect(second.text()).toContain('0 to replay, 2 skipped');
    expect(once.sort()).toEqual(['{"n":7}', '{"n":9}']);
    expect(twice.sort()).toEqual(['{"n":7}', '{"n":9}', '{"n":9}']);
    const rows = listed
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.every((r) => typeof r.replayedAt === 'string')).toBe(true);
  });

  it('says where to look when the state directory has no local state', async () => {
    // Act
    const run = runDeadLettersCommand({ ...base, dataDir: path.join(dataDir, 'nowhere'), action: 'list', filter: {} });

    // Assess
    await expect(run).rejects.toThrow(/no local state in .*nowhere/);
  });
});
