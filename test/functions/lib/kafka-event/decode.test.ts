import { describe, expect, it } from 'vitest';
import {
  decodeKafkaEvent,
  decodeKafkaEventLenient,
  InvalidKafkaEventError,
  KafkaEventSource,
  TimestampType,
} from '../../../../functions/lib/kafka-event/index.js';
import { mskEvent, recordAt, selfManagedEvent } from './helpers/events.js';

describe('decodeKafkaEvent', () => {
  it('decodes the MSK fixture: partitions in event order, offsets ascending, coordinates', () => {
    // Prepare
    const event = mskEvent();

    // Act
    const decoded = decodeKafkaEvent(event);

    // Assess
    expect(decoded.source).toBe(KafkaEventSource.MSK);
    expect(decoded.eventSourceArn).toBe(event.eventSourceArn);
    expect(decoded.bootstrapServers).toEqual([
      'b-1.tandemmsk.k7x2qp.c2.kafka.eu-west-1.amazonaws.com:9098',
      'b-2.tandemmsk.k7x2qp.c2.kafka.eu-west-1.amazonaws.com:9098',
    ]);
    expect(decoded.partitions).toEqual(['air-quality-0', 'air-quality-1']);
    expect(decoded.records.map((r) => r.coordinates)).toEqual([
      'air-quality-0@1041',
      'air-quality-0@1042',
      'air-quality-0@1043',
      'air-quality-1@877',
      'air-quality-1@878',
    ]);
    expect(decoded.records.map((r) => [r.topic, r.partition])).toEqual([
      ['air-quality', 0],
      ['air-quality', 0],
      ['air-quality', 0],
      ['air-quality', 1],
      ['air-quality', 1],
    ]);
  });

  it('decodes keys, values, timestamps and a record without a key', () => {
    // Prepare
    const event = mskEvent();

    // Act
    const [first, keyless] = decodeKafkaEvent(event).records;

    // Assess
    expect(first!.key).toEqual(Buffer.from('DEBE042'));
    expect(JSON.parse(first!.value!.toString('utf8'))).toEqual({
      station: 'DEBE042',
      at: '2024-06-18T12:00:00Z',
      pm25: 11.4,
      pm10: 19.2,
      no2: 31,
      o3: 88.5,
    });
    expect(first!.timestamp).toBe(1718712000123);
    expect(first!.timestampType).toBe(TimestampType.CREATE_TIME);
    expect(keyless!.key).toBeNull();
    expect(keyless!.value).not.toBeNull();
  });

  it('decodes signed Java header bytes into the UTF-8 bytes they stand for', () => {
    // Prepare
    const event = mskEvent();

    // Act
    const [first] = decodeKafkaEvent(event).records;

    // Assess
    expect(recordAt(event, 'air-quality-0', 0).headers[1]).toEqual({
      'station-name': [99, 97, 102, -61, -87, 32, -30, -104, -107],
    });
    expect(first!.headers).toEqual([
      { key: 'content-type', value: Buffer.from('application/json') },
      { key: 'station-name', value: Buffer.from('café ☕', 'utf8') },
    ]);
    expect(first!.headers[1]!.value.toString('utf8')).toBe('café ☕');
  });

  it('keeps repeated headers, in order', () => {
    // Prepare
    const event = mskEvent();

    // Act
    const third = decodeKafkaEvent(event).records[2]!;

    // Assess
    expect(third.headers.map((h) => [h.key, h.value.toString()])).toEqual([
      ['hop', 'ingest'],
      ['hop', 'enrich'],
    ]);
  });

  it('decodes the self-managed fixture without an ARN', () => {
    // Prepare
    const event = selfManagedEvent();

    // Act
    const decoded = decodeKafkaEvent(event);

    // Assess
    expect(decoded.source).toBe(KafkaEventSource.SELF_MANAGED);
    expect('eventSourceArn' in decoded).toBe(false);
    expect(decoded.partitions).toEqual(['wiki-changes-2']);
    expect(decoded.records.map((r) => [r.coordinates, r.timestampType])).toEqual([
      ['wiki-changes-2@5', 'LOG_APPEND_TIME'],
      ['wiki-changes-2@6', 'LOG_APPEND_TIME'],
    ]);
  });

  it('decodes tombstones (value absent or null) and an empty value', () => {
    // Prepare
    const event = mskEvent();
    const [first, second, third] = event.records['air-quality-0']!;
    delete first!.value;
    second!.value = null;
    third!.value = '';

    // Act
    const values = decodeKafkaEvent(event)
      .records.slice(0, 3)
      .map((r) => r.value);

    // Assess
    expect(values).toEqual([null, null, Buffer.alloc(0)]);
  });

  it('reads topic names containing "-" from the key', () => {
    // Prepare
    const event = mskEvent();
    const [a, b] = event.records['air-quality-0']!;
    event.records = {
      'eu-west-air-quality-3': [{ ...a!, topic: 'eu-west-air-quality', partition: 3 }],
      'a-1-10': [{ ...b!, topic: 'a-1', partition: 10 }],
    };

    // Act
    const decoded = decodeKafkaEvent(event);

    // Assess
    expect(decoded.records.map((r) => [r.topic, r.partition, r.coordinates])).toEqual([
      ['eu-west-air-quality', 3, 'eu-west-air-quality-3@1041'],
      ['a-1', 10, 'a-1-10@1042'],
    ]);
  });

  it('keeps offsets up to 2^53 - 1 exact', () => {
    // Prepare
    const event = mskEvent();
    recordAt(event, 'air-quality-1', 1).offset = Number.MAX_SAFE_INTEGER;

    // Act
    const last = decodeKafkaEvent(event).records.at(-1)!;

    // Assess
    expect(last.offset).toBe(9007199254740991);
    expect(last.coordinates).toBe('air-quality-1@9007199254740991');
  });

  it('throws at the first bad record', () => {
    // Prepare
    const event = mskEvent();
    recordAt(event, 'air-quality-0', 1).value = '%%%%';
    recordAt(event, 'air-quality-1', 0).offset = -1;

    // Act
    const act = () => decodeKafkaEvent(event);

    // Assess
    expect(act).toThrow(InvalidKafkaEventError);
    expect(act).toThrow('records["air-quality-0"][1].value must be base64, got "%%%%"');
  });

  it('does not change the event it decodes', () => {
    // Prepare
    const event = mskEvent();
    const before = structuredClone(event);

    // Act
    decodeKafkaEvent(event);

    // Assess
    expect(event).toEqual(before);
  });
});

describe('decodeKafkaEventLenient', () => {
  it('sets one bad record aside and decodes the others', () => {
    // Prepare
    const event = mskEvent();
    const bad = recordAt(event, 'air-quality-0', 1);
    bad.value = 'eyJzdGF0aW9uIjoi*';

    // Act
    const decoded = decodeKafkaEventLenient(event);

    // Assess
    expect(decoded.records.map((r) => r.coordinates)).toEqual([
      'air-quality-0@1041',
      'air-quality-0@1043',
      'air-quality-1@877',
      'air-quality-1@878',
    ]);
    expect(decoded.rejected).toEqual([
      {
        coordinates: { topic: 'air-quality', partition: 0, offset: 1042 },
        reason: 'records["air-quality-0"][1].value must be base64, got "eyJzdGF0aW9uIjoi*"',
        raw: bad,
      },
    ]);
    expect(decoded.rejected[0]!.raw).toBe(bad);
    expect(decoded.partitions).toEqual(['air-quality-0', 'air-quality-1']);
  });

  it('accounts for every record when several kinds of problem meet in one batch', () => {
    // Prepare
    const event = mskEvent();
    recordAt(event, 'air-quality-0', 0).headers[1]!['station-name']![0] = 200;
    recordAt(event, 'air-quality-0', 2).offset = -1;
    recordAt(event, 'air-quality-1', 1).offset = 877;

    // Act
    const decoded = decodeKafkaEventLenient(event);

    // Assess
    expect(decoded.records.map((r) => r.coordinates)).toEqual(['air-quality-0@1042', 'air-quality-1@877']);
    expect(decoded.rejected.map((r) => [r.coordinates, r.reason])).toEqual([
      [
        { topic: 'air-quality', partition: 0, offset: 1041 },
        'records["air-quality-0"][0].headers[1]["station-name"][0] must be an integer in -128..127 (a signed Java byte), got 200',
      ],
      [
        { topic: 'air-quality', partition: 0, offset: null },
        'records["air-quality-0"][2].offset must be a non-negative integer, got -1',
      ],
      [
        { topic: 'air-quality', partition: 1, offset: 877 },
        `records["air-quality-1"][1].offset must be greater than the previous record's offset 877, got 877`,
      ],
    ]);
    expect(decoded.records.length + decoded.rejected.length).toBe(5);
  });

  it('still orders offsets after a record it set aside', () => {
    // Prepare
    const event = mskEvent();
    recordAt(event, 'air-quality-0', 0).value = '!';
    recordAt(event, 'air-quality-0', 1).offset = 1041;

    // Act
    const decoded = decodeKafkaEventLenient(event);

    // Assess
    expect(decoded.rejected.map((r) => r.coordinates.offset)).toEqual([1041, 1041]);
    expect(decoded.records.map((r) => r.coordinates)).toEqual([
      'air-quality-0@1043',
      'air-quality-1@877',
      'air-quality-1@878',
    ]);
  });

  it('decodes a clean event exactly as the strict decoder does, with nothing rejected', () => {
    // Prepare
    const event = mskEvent();

    // Act
    const { rejected, ...decoded } = decodeKafkaEventLenient(event);

    // Assess
    expect(rejected).toEqual([]);
    expect(decoded).toEqual(decodeKafkaEvent(mskEvent()));
  });

  it.each([
    ['an SQS event', () => ({ Records: [{ eventSource: 'aws:sqs', body: 'hello' }] })],
    [
      'a record filed under another partition',
      () => {
        const event = mskEvent();
        event.records['air-quality-0']!.push(recordAt(event, 'air-quality-1', 0));
        return event;
      },
    ],
    [
      'records not keyed "<topic>-<partition>"',
      () => {
        const event = mskEvent();
        event.records = { 'air-quality': event.records['air-quality-0']! };
        return event;
      },
    ],
  ])('throws on a bad envelope: %s', (_name, build) => {
    // Prepare
    const event = build();

    // Act
    const act = () => decodeKafkaEventLenient(event);

    // Assess
    expect(act).toThrow(InvalidKafkaEventError);
  });
});
