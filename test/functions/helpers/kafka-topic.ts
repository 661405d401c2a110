import { randomUUID } from 'node:crypto';
import { Consumer } from '@platformatic/kafka';
import { waitFor } from '../../infra/local/kafka/helpers/wait.js';

/** One record read back from a topic. */
export interface TopicRecord {
  partition: number;
  offset: number;
  /** Kafka timestamp, epoch ms. */
  timestamp: number;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** Records in a topic, per partition end offsets: how many the topic holds without reading them. */
export async function topicSize(bootstrap: string, topic: string, partitions: number): Promise<number> {
  const consumer = new Consumer({
    clientId: 'inspect-size',
    groupId: `inspect-${randomUUID()}`,
    bootstrapBrokers: [bootstrap],
  });
  try {
    const ids = Array.from({ length: partitions }, (_, i) => i);
    const ends = (await consumer.listOffsets({ topics: [topic], partitions: { [topic]: ids } })).get(topic) ?? [];
    return ends.reduce((n, end) => n + Number(end), 0);
  } finally {
    await consumer.close(true);
  }
}

/** Every record of a topic, read by an outside consumer from the earliest offsets. */
export async function topicRecords(bootstrap: string, topic: string, partitions: number): Promise<TopicRecord[]> {
  const expected = await topicSize(bootstrap, topic, partitions);
  if (expected === 0) return [];
  const consumer = new Consumer({
    clientId: 'inspect-read',
    groupId: `inspect-${randomUUID()}`,
    bootstrapBrokers: [bootstrap],
  });
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 100 });
    const records: TopicRecord[] = [];
    stream.on('data', (m) => {
      records.push({
        partition: m.partition,
        offset: Number(m.offset),
        timestamp: Number(m.timestamp),
        key: m.key ? Buffer.from(m.key).toString('utf8') : null,
        value: Buffer.from(m.value).toString('utf8'),
        headers: Object.fromEntries(
          [...m.headers].map(([k, v]) => [Buffer.from(k).toString(), Buffer.from(v).toString()]),
        ),
      });
    });
    await waitFor(() => records.length >= expected, 10_000, `${expected} records of ${topic}`);
    await stream.close();
    return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  } finally {
    await consumer.close(true);
  }
}
