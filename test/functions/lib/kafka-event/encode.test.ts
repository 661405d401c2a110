import { describe, expect, it } from 'vitest';
import {
  assertKafkaEvent,
  type DecodedEvent,
  decodeKafkaEvent,
  encodeKafkaEvent,
  KafkaEventEncodeError,
  type KafkaEventInput,
  type KafkaRecordInput,
  partitionKey,
  TimestampType,
} from '../../../../functions/lib/kafka-event/index.js';
import { mskEvent, seededRandom, selfManagedEvent } from './helpers/events.js';

const BROKERS = ['127.0.0.1:9092'];

/** What encodeKafkaEvent needs to rebuild a decoded event. */
function asInput(decoded: DecodedEvent): KafkaEventInput {
  return {
    source: decoded.source,
    ...(decoded.eventSourceArn === undefined ? {} : { eventSourceArn: decoded.eventSourceArn }),
    bootstrapServers: decoded.bootstrapServers,
    records: decoded.records.map(({ coordinates: _, ...record }) => record),
  };
}

/** A record with its bytes as hex, which the matcher compares far faster than Buffers. */
function comparable(
  record: Omit<KafkaRecordInput, 'key' | 'value'> & {
    key: Buffer | Uint8Array | string | null;
    value: Buffer | Uint8Array | string | null;
  },
) {
  const hex = (bytes: Uint8Array | string | null) => (bytes === null ? null : Buffer.from(bytes).toString('hex'));
  return {
    ...record,
    key: hex(record.key),
    value: hex(record.value),
    headers: record.headers?.map((h) => ({ key: h.key, value: hex(h.value) })),
  };
}

/** Random batches: topics with '-' and '.', interleaved partitions, every byte value, tombstones, repeated headers. */
function randomBatch(random: () => number): KafkaRecordInput[] {
  const int = (max: number) => Math.floor(random() * max);
  const bytes = (max: number) => Buffer.from(Array.from({ length: int(max + 1) }, () => int(256)));
  const topics = ['feedback', 'air-quality', 'wiki-changes', 'a-b-c-1', 'x.y_z-0'];
  const headerNames = ['trace-id', 'content-type', 'hop', 'ключ', ''];
  const next = new Map<string, number>();
  return Array.from({ length: int(40) }, () => {
    const topic = topics[int(topics.length)]!;
    const partition = int(4);
    const key = partitionKey(topic, partition);
    const offset = (next.get(key) ?? int(2) * (Number.MAX_SAFE_INTEGER - 10_000) + int(1000)) + int(3);
    next.set(key, offset + 1);
    return {
      topic,
      partition,
      offset,
      timestamp: int(2 ** 42),
      timestampType: random() < 0.5 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME,
      key: random() < 0.2 ? null : bytes(32),
      value: random() < 0.1 ? null : bytes(300),
      headers: Array.from({ length: int(5) }, () => ({ key: headerNames[int(headerNames.length)]!, value: bytes(16) })),
    };
  });
}

describe('encodeKafkaEvent', () => {
  it('groups records under "<topic>-<partition>" keys in first-seen order, keeping each partition in input order', () => {
    // Prepare
    const record = (topic: string, partition: number, offset: number): KafkaRecordInput => ({
      topic,
      partition,
      offset,
      timestamp: 1718712000000 + offset,
      value: `${topic}/${partition}/${offset}`,
    });

    // Act
    const event = encodeKafkaEvent({
      bootstrapServers: BROKERS,
      records: [
        record('air-quality', 1, 7),
        record('air-quality', 0, 3),
        record('air-quality', 1, 8),
        record('wiki-changes', 0, 1),
        record('air-quality', 0, 4),
      ],
    });

    // Assess
    expect(Object.keys(event.records)).toEqual(['air-quality-1', 'air-quality-0', 'wiki-changes-0']);
    expect(Object.values(event.records).map((list) => list.map((r) => r.offset))).toEqual([[7, 8], [3, 4], [1]]);
  });

  it('writes base64 keys and values and signed Java header bytes, leaving out a null key and value', () => {
    // Prepare
    const input: KafkaEventInput = {
      source: 'SelfManagedKafka',
      bootstrapServers: 'localhost:9092,localhost:9093',
      records: [
        {
          topic: 'feedback',
          partition: 0,
          offset: 0,
          timestamp: 1,
          key: 'k',
          value: Buffer.from([0xff, 0x00, 0x80]),
          headers: [
            { key: 'lang', value: 'café ☕' },
            { key: 'raw', value: Buffer.from([0x7f, 0x80, 0xff, 0x00]) },
          ],
        },
        { topic: 'feedback', partition: 0, offset: 1, timestamp: 2, key: null, value: null },
      ],
    };

    // Act
    const event = encodeKafkaEvent(input);

    // Assess
    expect(event).toEqual({
      eventSource: 'SelfManagedKafka',
      bootstrapServers: 'localhost:9092,localhost:9093',
      records: {
        'feedback-0': [
          {
            topic: 'feedback',
            partition: 0,
            offset: 0,
            timestamp: 1,
            timestampType: 'CREATE_TIME',
            key: 'aw==',
            value: '/wCA',
            headers: [{ lang: [99, 97, 102, -61, -87, 32, -30, -104, -107] }, { raw: [127, -128, -1, 0] }],
          },
          { topic: 'feedback', partition: 0, offset: 1, timestamp: 2, timestampType: 'CREATE_TIME', headers: [] },
        ],
      },
    });
    expect('key' in event.records['feedback-0']![1]!).toBe(false);
    expect('value' in event.records['feedback-0']![1]!).toBe(false);
  });

  it('gives MSK events a placeholder cluster ARN unless one is passed', () => {
    // Prepare
    const records: KafkaRecordInput[] = [{ topic: 'feedback', partition: 0, offset: 0, timestamp: 0 }];
    const arn = 'arn:aws:kafka:eu-west-1:123456789012:cluster/tandem/abc-1';

    // Act
    const placeholder = encodeKafkaEvent({ bootstrapServers: BROKERS, records });
    const given = encodeKafkaEvent({ source: 'aws:kafka', eventSourceArn: arn, bootstrapServers: BROKERS, records });

    // Assess
    expect(placeholder.eventSource).toBe('aws:kafka');
    expect(placeholder.eventSourceArn).toMatch(/^arn:aws:kafka:[a-z0-9-]+:\d{12}:cluster\//);
    expect(given.eventSourceArn).toBe(arn);
    expect(() => assertKafkaEvent(placeholder)).not.toThrow();
  });

  it('reproduces both fixtures byte for byte from their decoded form', () => {
    // Prepare
    const fixtures = [mskEvent(), selfManagedEvent()];

    // Act
    const rebuilt = fixtures.map((fixture) => encodeKafkaEvent(asInput(decodeKafkaEvent(fixture))));

    // Assess
    expect(rebuilt.map((event) => JSON.stringify(event))).toEqual(fixtures.map((event) => JSON.stringify(event)));
  });

  it('round-trips every byte value through key, value and header', () => {
    // Prepare
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const input: KafkaEventInput = {
      bootstrapServers: BROKERS,
      records: [
        {
          topic: 'raw',
          partition: 0,
          offset: 0,
          timestamp: 0,
          key: all,
          value: all,
          headers: [{ key: 'b', value: all }],
        },
      ],
    };

    // Act
    const [record] = decodeKafkaEvent(JSON.parse(JSON.stringify(encodeKafkaEvent(input)))).records;

    // Assess
    expect(record!.key).toEqual(all);
    expect(record!.value).toEqual(all);
    expect(record!.headers).toEqual([{ key: 'b', value: all }]);
  });

  it('round-trips random batches through JSON: decode(encode(records)) gives the records back', () => {
    // Prepare
    const random = seededRandom(0x7a4d3e);
    const batches = Array.from({ length: 300 }, () => randomBatch(random));

    for (const [index, records] of batches.entries()) {
      // Act
      const wire = JSON.parse(JSON.stringify(encodeKafkaEvent({ bootstrapServers: BROKERS, records })));
      const decoded = decodeKafkaEvent(wire);

      // Assess
      const byPartition = new Map<string, KafkaRecordInput[]>();
      for (const r of records) {
        const key = partitionKey(r.topic, r.partition);
        byPartition.set(key, [...(byPartition.get(key) ?? []), r]);
      }
      const expected = [...byPartition.values()].flat().map((r) => ({
        ...r,
        key: r.key ?? null,
        value: r.value ?? null,
        coordinates: `${r.topic}-${r.partition}@${r.offset}`,
      }));
      expect(decoded.records.map(comparable), `batch ${index}`).toEqual(expected.map(comparable));
      expect(decoded.partitions, `batch ${index}`).toEqual([...byPartition.keys()]);
    }
  });

  it.each([
    [
      'an illegal topic name',
      { topic: 'air quality', partition: 0, offset: 0, timestamp: 0 },
      'records[0].topic must be a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -), got "air quality"',
    ],
    [
      'a negative partition',
      { topic: 'feedback', partition: -1, offset: 0, timestamp: 0 },
      'records[0].partition must be an integer in 0..2147483647, got -1',
    ],
    [
      'an offset past 2^53 - 1',
      { topic: 'feedback', partition: 0, offset: 2 ** 53, timestamp: 0 },
      'records[0].offset must be at most 2^53 - 1 (9007199254740991) to be exact in JavaScript, got 9007199254740992',
    ],
    [
      'a timestamp in seconds with a fraction',
      { topic: 'feedback', partition: 0, offset: 0, timestamp: 1718712000.5 },
      'records[0].timestamp must be a non-negative integer of epoch milliseconds, got 1718712000.5',
    ],
    [
      'a header value that is neither bytes nor text',
      {
        topic: 'feedback',
        partition: 0,
        offset: 0,
        timestamp: 0,
        headers: [{ key: 'n', value: 42 as unknown as string }],
      },
      'records[0].headers[0].value must be bytes or a string, got 42',
    ],
  ])('refuses %s', (_name, record, message) => {
    // Prepare
    const input: KafkaEventInput = { bootstrapServers: BROKERS, records: [record] };

    // Act
    const act = () => encodeKafkaEvent(input);

    // Assess
    expect(act).toThrow(KafkaEventEncodeError);
    expect(act).toThrow(message);
  });

  it('refuses offsets that do not increase within a partition', () => {
    // Prepare
    const records: KafkaRecordInput[] = [
      { topic: 'feedback', partition: 0, offset: 5, timestamp: 0 },
      { topic: 'feedback', partition: 1, offset: 1, timestamp: 0 },
      { topic: 'feedback', partition: 0, offset: 5, timestamp: 0 },
    ];

    // Act
    const act = () => encodeKafkaEvent({ bootstrapServers: BROKERS, records });

    // Assess
    expect(act).toThrow('records[2].offset must be greater than 5, the previous offset of feedback-0, got 5');
  });

  it('refuses an ARN on a self-managed event and brokers without ports', () => {
    // Prepare
    const records: KafkaRecordInput[] = [];

    // Act
    const withArn = () =>
      encodeKafkaEvent({
        source: 'SelfManagedKafka',
        eventSourceArn: 'arn:aws:kafka:eu-west-1:123456789012:cluster/x/y',
        bootstrapServers: BROKERS,
        records,
      } as KafkaEventInput);
    const noPorts = () => encodeKafkaEvent({ bootstrapServers: ['localhost'], records });

    // Assess
    expect(withArn).toThrow('eventSourceArn must be absent when source is "SelfManagedKafka"');
    expect(noPorts).toThrow('bootstrapServers must be a comma-separated list of host:port, got "localhost"');
  });
});
