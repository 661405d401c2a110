import { describe, expect, it } from 'vitest';
import {
  assertKafkaEvent,
  InvalidKafkaEventError,
  isKafkaEvent,
  KafkaEventError,
  type MskEvent,
} from '../../../../functions/lib/kafka-event/index.js';
import { mskEvent, recordAt, selfManagedEvent } from './helpers/events.js';

const sqsEvent = {
  Records: [
    {
      messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
      receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
      body: 'Test message.',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183' },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:feedback',
      awsRegion: 'eu-west-1',
    },
  ],
};

const s3Event = {
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: 'tandem-archive' }, object: { key: 'topic=feedback/part-0.parquet', size: 1024 } },
    },
  ],
};

const apiGatewayEvent = {
  resource: '/counts',
  path: '/counts',
  httpMethod: 'GET',
  headers: { accept: 'application/json' },
  queryStringParameters: { window: '10m' },
  requestContext: { stage: 'prod' },
  body: null,
  isBase64Encoded: false,
};

const NOT_KAFKA = 'eventSource must be "aws:kafka" or "SelfManagedKafka", got undefined';

/** A malformed event and the exact message it must be rejected with. */
interface Case {
  name: string;
  event: () => unknown;
  message: string;
}

/** The MSK fixture with `change` applied to it. */
function mskWith(change: (event: MskEvent) => void): () => unknown {
  return () => {
    const event = mskEvent();
    change(event);
    return event;
  };
}

/** A record's fields as plain data, for writing values its type does not allow. */
function loose(value: object): Record<string, unknown> {
  return value as Record<string, unknown>;
}

const cases: Case[] = [
  { name: 'an SQS event', event: () => sqsEvent, message: NOT_KAFKA },
  { name: 'an S3 event', event: () => s3Event, message: NOT_KAFKA },
  { name: 'an API Gateway event', event: () => apiGatewayEvent, message: NOT_KAFKA },
  { name: 'null', event: () => null, message: 'event must be an object, got null' },
  { name: 'an array', event: () => [mskEvent()], message: 'event must be an object, got an array' },
  {
    name: 'another event source',
    event: mskWith((e) => (loose(e).eventSource = 'aws:sqs')),
    message: 'eventSource must be "aws:kafka" or "SelfManagedKafka", got "aws:sqs"',
  },
  {
    name: 'an MSK event without its cluster ARN',
    event: mskWith((e) => delete loose(e).eventSourceArn),
    message: 'eventSourceArn must be an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/…), got undefined',
  },
  {
    name: 'an MSK event with a queue ARN',
    event: mskWith((e) => (e.eventSourceArn = 'arn:aws:sqs:eu-west-1:123456789012:feedback')),
    message:
      'eventSourceArn must be an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/…), got "arn:aws:sqs:eu-west-1:123456789012:feedback"',
  },
  {
    name: 'a self-managed event with an ARN',
    event: () => ({ ...selfManagedEvent(), eventSourceArn: mskEvent().eventSourceArn }),
    message: 'eventSourceArn must be absent when eventSource is "SelfManagedKafka"',
  },
  {
    name: 'missing bootstrapServers',
    event: mskWith((e) => delete loose(e).bootstrapServers),
    message: 'bootstrapServers must be a comma-separated list of host:port, got undefined',
  },
  {
    name: 'bootstrapServers without ports',
    event: mskWith((e) => (e.bootstrapServers = 'b-1.example.com,b-2.example.com')),
    message: 'bootstrapServers must be a comma-separated list of host:port, got "b-1.example.com,b-2.example.com"',
  },
  {
    name: 'missing records',
    event: mskWith((e) => delete loose(e).records),
    message: 'records must be an object keyed "<topic>-<partition>", got undefined',
  },
  {
    name: 'records as an array',
    event: mskWith((e) => (loose(e).records = Object.values(e.records).flat())),
    message: 'records must be an object keyed "<topic>-<partition>", got an array',
  },
  {
    name: 'records keyed by topic alone',
    event: mskWith((e) => (e.records = { 'air-quality': e.records['air-quality-0']! })),
    message: 'records key "air-quality" must be "<topic>-<partition>" with a legal topic name and partition number',
  },
  {
    name: 'a partition written with a leading zero',
    event: mskWith((e) => (e.records = { 'air-quality-01': e.records['air-quality-1']! })),
    message: 'records key "air-quality-01" must be "<topic>-<partition>" with a legal topic name and partition number',
  },
  {
    name: 'a record list that is not an array',
    event: mskWith((e) => (loose(e.records)['air-quality-0'] = recordAt(e, 'air-quality-0', 0))),
    message: 'records["air-quality-0"] must be an array, got an object',
  },
  {
    name: 'a null record',
    event: mskWith((e) => (loose(e.records['air-quality-0']!)[1] = null)),
    message: 'records["air-quality-0"][1] must be an object, got null',
  },
  {
    name: 'a record filed under another partition',
    event: mskWith((e) => e.records['air-quality-0']!.push(recordAt(e, 'air-quality-1', 1))),
    message: 'records["air-quality-0"][3].partition must be 0 to match its key, got 1',
  },
  {
    name: 'a record filed under another topic',
    event: mskWith((e) => (recordAt(e, 'air-quality-1', 0).topic = 'weather')),
    message: 'records["air-quality-1"][0].topic must be "air-quality" to match its key, got "weather"',
  },
  {
    name: 'offset -1',
    event: mskWith((e) => (recordAt(e, 'air-quality-0', 2).offset = -1)),
    message: 'records["air-quality-0"][2].offset must be a non-negative integer, got -1',
  },
  {
    name: 'an offset as a string',
    event: mskWith((e) => (loose(recordAt(e, 'air-quality-0', 0)).offset = '1041')),
    message: 'records["air-quality-0"][0].offset must be a non-negative integer, got "1041"',
  },
  {
    name: 'an offset past 2^53 - 1',
    event: mskWith((e) => (recordAt(e, 'air-quality-1', 1).offset = 2 ** 53)),
    message:
      'records["air-quality-1"][1].offset must be at most 2^53 - 1 (9007199254740991) to be exact in JavaScript, got 9007199254740992',
  },
  {
    name: 'offsets out of order within a partition',
    event: mskWith((e) => (recordAt(e, 'air-quality-0', 2).offset = 1042)),
    message: `records["air-quality-0"][2].offset must be greater than the previous record's offset 1042, got 1042`,
  },
  {
    name: 'a timestamp as an ISO string',
    event: mskWith((e) => (loose(recordAt(e, 'air-quality-0', 0)).timestamp = '2024-06-18T12:00:00Z')),
    message:
      'records["air-quality-0"][0].timestamp must be a non-negative integer of epoch milliseconds, got "2024-06-18T12:00:00Z"',
  },
  {
    name: 'an unknown timestamp type',
    event: mskWith((e) => (loose(recordAt(e, 'air-quality-1', 0)).timestampType = 'NO_TIMESTAMP_TYPE')),
    message:
      'records["air-quality-1"][0].timestampType must be "CREATE_TIME" or "LOG_APPEND_TIME", got "NO_TIMESTAMP_TYPE"',
  },
  {
    name: 'a value that is not base64',
    event: mskWith((e) => (recordAt(e, 'air-quality-0', 1).value = 'not base64!')),
    message: 'records["air-quality-0"][1].value must be base64, got "not base64!"',
  },
  {
    name: 'a key without its padding',
    event: mskWith((e) => (recordAt(e, 'air-quality-0', 0).key = 'REVCRTA0Mg')),
    message: 'records["air-quality-0"][0].key must be base64, got "REVCRTA0Mg"',
  },
  {
    name: 'a value that is raw JSON',
    event: mskWith((e) => (loose(recordAt(e, 'air-quality-1', 0)).value = { station: 'FRPAR13' })),
    message: 'records["air-quality-1"][0].value must be base64, got an object',
  },
  {
    name: 'header byte 200',
    event: mskWith((e) => (recordAt(e, 'air-quality-0', 0).headers[1]!['station-name']![3] = 200)),
    message:
      'records["air-quality-0"][0].headers[1]["station-name"][3] must be an integer in -128..127 (a signed Java byte), got 200',
  },
  {
    name: 'a fractional header byte',
    event: mskWith((e) => (recordAt(e, 'air-quality-0', 2).headers[0]!.hop![0] = 1.5)),
    message:
      'records["air-quality-0"][2].headers[0]["hop"][0] must be an integer in -128..127 (a signed Java byte), got 1.5',
  },
  {
    name: 'a header value as a base64 string',
    event: mskWith(
      (e) => (loose(recordAt(e, 'air-quality-1', 0).headers[0]!)['content-type'] = 'YXBwbGljYXRpb24vanNvbg=='),
    ),
    message:
      'records["air-quality-1"][0].headers[0]["content-type"] must be an array of signed Java bytes, got "YXBwbGljYXRpb24vanNvbg=="',
  },
  {
    name: 'two headers in one object',
    event: mskWith((e) => (recordAt(e, 'air-quality-0', 1).headers = [{ a: [1], b: [2] }])),
    message: 'records["air-quality-0"][1].headers[0] must hold exactly one header name, got 2',
  },
  {
    name: 'missing headers',
    event: mskWith((e) => delete loose(recordAt(e, 'air-quality-1', 1)).headers),
    message: 'records["air-quality-1"][1].headers must be an array, got undefined',
  },
];

describe('assertKafkaEvent', () => {
  it('accepts the MSK and self-managed fixtures', () => {
    // Prepare
    const events = [mskEvent(), selfManagedEvent()];

    // Act
    const verdicts = events.map((event) => isKafkaEvent(event));

    // Assess
    expect(verdicts).toEqual([true, true]);
    for (const event of events) expect(() => assertKafkaEvent(event)).not.toThrow();
  });

  it.each(cases)('rejects $name', ({ event, message }) => {
    // Prepare
    const input = event();

    // Act
    const act = () => assertKafkaEvent(input);

    // Assess
    expect(act).toThrow(InvalidKafkaEventError);
    expect(act).toThrow(KafkaEventError);
    expect(act).toThrowError(expect.objectContaining({ name: 'InvalidKafkaEventError', message }));
    expect(isKafkaEvent(input)).toBe(false);
  });

  it('reads topic names containing "-" by splitting the key on its last "-"', () => {
    // Prepare
    const event = mskEvent();
    const record = { ...recordAt(event, 'air-quality-0', 0), topic: 'air-quality-v2-raw', partition: 12 };
    event.records = { 'air-quality-v2-raw-12': [record] };

    // Act
    const verdict = isKafkaEvent(event);

    // Assess
    expect(verdict).toBe(true);
  });

  it('accepts absent and null keys and values, an empty value, and fields it does not know', () => {
    // Prepare
    const event = mskEvent();
    const [first, second, third] = event.records['air-quality-0']!;
    first!.key = null;
    first!.value = null;
    delete second!.value;
    third!.value = '';
    Object.assign(third!, { valueSchemaMetadata: { dataFormat: 'JSON', schemaId: 'abc' } });

    // Act
    const verdict = isKafkaEvent(event);

    // Assess
    expect(verdict).toBe(true);
  });

  it('accepts an empty batch and IPv4 and IPv6 brokers', () => {
    // Prepare
    const event = { ...selfManagedEvent(), bootstrapServers: '127.0.0.1:9092,[::1]:9093', records: {} };

    // Act
    const verdict = isKafkaEvent(event);

    // Assess
    expect(verdict).toBe(true);
  });

  it('lets errors that are not about the event escape isKafkaEvent', () => {
    // Prepare
    const hostile = { eventSource: 'aws:kafka' };
    Object.defineProperty(hostile, 'eventSourceArn', {
      enumerable: true,
      get: () => {
        throw new RangeError('boom');
      },
    });

    // Act
    const act = () => isKafkaEvent(hostile);

    // Assess
    expect(act).toThrow(RangeError);
  });
});
