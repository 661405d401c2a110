import { describe, expect, it } from 'vitest';
import {
  compileFilterCriteria,
  compilePattern,
  type FilterableKafkaRecord,
} from '../../../../infra/pipeline/filter/index.js';

/**
 * Conformance table: the examples AWS documents, with the verdict AWS documents for them,
 * run through the filter engine that validates pipeline.ts and that the local emulator
 * applies. Sources:
 * - [ruler] aws/event-ruler README ("Ruler by Example", "Exists matching", "JSON Array
 *   Matching"): https://github.com/aws/event-ruler/blob/main/README.md — the matcher behind
 *   EventBridge patterns and Lambda event filtering.
 * - [lambda] Lambda, "Control which events Lambda sends to your function", comparison
 *   operator table and multi-level example:
 *   https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
 * - [kafka] Lambda, "Filtering events from Amazon MSK and self-managed Apache Kafka event
 *   sources": https://docs.aws.amazon.com/lambda/latest/dg/kafka-filtering.html
 * - [eventbridge] EventBridge, "Comparison operators for use in event patterns" ("Comparison
 *   operators only work on leaf nodes"):
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 *   and "Content filtering in Amazon EventBridge event patterns" (numeric matching on JSON
 *   numbers, arrays): https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 * Wildcard, CIDR and `$or` rows of the README are left out: Lambda's operator table does not
 * list them, and the engine rejects them (pattern-errors.test.ts).
 */

/** [ruler] The README's sample event. */
const ec2Event = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

/** [ruler] The README's event whose `c-count` is an object, not a leaf. */
const ec2EventWithObjectCount = {
  'detail-type': ['EC2 Instance State-change Notification'],
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } },
};

/** [ruler] "JSON Array Matching" events. */
const employees = {
  employees: [
    { firstName: 'John', lastName: 'Doe' },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones' },
  ],
};
const nestedEmployees = {
  employees: [
    [
      { firstName: 'John', lastName: 'Doe' },
      { firstName: 'Anna', lastName: 'Smith' },
    ],
    [{ firstName: 'Peter', lastName: 'Jones' }],
  ],
};

/** [lambda] The multi-level DynamoDB stream example. */
const dynamodbRecord = {
  dynamodb: {
    Keys: { Id: { N: '101' } },
    NewImage: { Message: { S: 'New item!' }, Id: { N: '101' } },
    SequenceNumber: '111',
    SizeBytes: 26,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
};

interface Row {
  source: 'ruler' | 'lambda' | 'eventbridge';
  what: string;
  pattern: object;
  event: object;
  matches: boolean;
}

const rows: Row[] = [
  // [ruler] Simple matching: values are arrays; an event array matches on a non-empty intersection.
  {
    source: 'ruler',
    what: 'simple matching with an array field (resources)',
    pattern: {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
      detail: { state: ['initializing', 'running'] },
    },
    event: ec2Event,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'simple matching, state not in the list',
    pattern: { detail: { state: ['initializing', 'stopped'] } },
    event: ec2Event,
    matches: false,
  },
  { source: 'ruler', what: 'prefix', pattern: { time: [{ prefix: '2017-10-02' }] }, event: ec2Event, matches: true },
  { source: 'ruler', what: 'prefix, miss', pattern: { time: [{ prefix: '2018' }] }, event: ec2Event, matches: false },
  { source: 'ruler', what: 'suffix', pattern: { source: [{ suffix: 'ec2' }] }, event: ec2Event, matches: true },
  {
    source: 'ruler',
    what: 'equals-ignore-case',
    pattern: { source: [{ 'equals-ignore-case': 'AWS.EC2' }] },
    event: ec2Event,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'prefix only works on string-valued fields',
    pattern: { detail: { 'c-count': [{ prefix: '5' }] } },
    event: ec2Event,
    matches: false,
  },
  {
    source: 'ruler',
    what: 'anything-but a string',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: ec2Event,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'anything-but the value the event holds',
    pattern: { detail: { state: [{ 'anything-but': 'running' }] } },
    event: ec2Event,
    matches: false,
  },
  {
    source: 'ruler',
    what: 'anything-but a number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: ec2Event,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'anything-but a list of strings',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    event: ec2Event,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'anything-but a list of numbers',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: ec2Event,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'anything-but a prefix',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: ec2Event,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'anything-but on a field the event lacks',
    pattern: { detail: { color: [{ 'anything-but': 'red' }] } },
    event: ec2Event,
    matches: false,
  },
  {
    source: 'ruler',
    what: 'numeric: a range, an upper bound and an equality written in exponent form',
    pattern: {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    },
    event: ec2Event,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'numeric: outside the range',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 5] }] } },
    event: ec2Event,
    matches: false,
  },
  {
    source: 'ruler',
    what: 'numeric only works with JSON numbers, not numeric strings',
    pattern: { version: [{ numeric: ['=', 0] }] },
    event: ec2Event,
    matches: false,
  },
  {
    source: 'ruler',
    what: 'exists true on a present leaf',
    pattern: { detail: { 'c-count': [{ exists: true }] } },
    event: ec2Event,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'exists false on a present leaf',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: ec2Event,
    matches: false,
  },
  {
    source: 'ruler',
    what: 'exists false on an absent field',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: {
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['initializing', 'running'] },
    },
    matches: true,
  },
  {
    source: 'ruler',
    what: 'exists false on a field holding an object: exists only works on leaf nodes',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: ec2EventWithObjectCount,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'exists true on a field holding an object: no leaf there',
    pattern: { detail: { 'c-count': [{ exists: true }] } },
    event: ec2EventWithObjectCount,
    matches: false,
  },
  {
    source: 'ruler',
    what: 'array of objects: the array is crushed out of the pattern',
    pattern: { employees: { firstName: ['Anna'] } },
    event: employees,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'multi-level arrays of objects',
    pattern: { employees: { firstName: ['Anna'] } },
    event: nestedEmployees,
    matches: true,
  },
  {
    source: 'ruler',
    what: 'fields from different array elements never match together (rulesForJSONEvent)',
    pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
    event: employees,
    matches: false,
  },
  {
    source: 'ruler',
    what: 'fields from one array element match together',
    pattern: { employees: { firstName: ['Anna'], lastName: ['Smith'] } },
    event: employees,
    matches: true,
  },
  // [lambda] The comparison operator table, one row each with a hit and a miss.
  { source: 'lambda', what: 'Null', pattern: { UserID: [null] }, event: { UserID: null }, matches: true },
  { source: 'lambda', what: 'Null, miss', pattern: { UserID: [null] }, event: { UserID: 'u1' }, matches: false },
  { source: 'lambda', what: 'Empty', pattern: { LastName: [''] }, event: { LastName: '' }, matches: true },
  { source: 'lambda', what: 'Empty, miss', pattern: { LastName: [''] }, event: { LastName: 'Doe' }, matches: false },
  { source: 'lambda', what: 'Equals', pattern: { Name: ['Alice'] }, event: { Name: 'Alice' }, matches: true },
  {
    source: 'lambda',
    what: 'Equals is case-sensitive',
    pattern: { Name: ['Alice'] },
    event: { Name: 'alice' },
    matches: false,
  },
  {
    source: 'lambda',
    what: 'And',
    pattern: { Location: ['New York'], Day: ['Monday'] },
    event: { Location: 'New York', Day: 'Monday' },
    matches: true,
  },
  {
    source: 'lambda',
    what: 'And, one field misses',
    pattern: { Location: ['New York'], Day: ['Monday'] },
    event: { Location: 'New York', Day: 'Tuesday' },
    matches: false,
  },
  {
    source: 'lambda',
    what: 'Or',
    pattern: { PaymentType: ['Credit', 'Debit'] },
    event: { PaymentType: 'Debit' },
    matches: true,
  },
  {
    source: 'lambda',
    what: 'Or, miss',
    pattern: { PaymentType: ['Credit', 'Debit'] },
    event: { PaymentType: 'Cash' },
    matches: false,
  },
  {
    source: 'lambda',
    what: 'Not',
    pattern: { Weather: [{ 'anything-but': ['Raining'] }] },
    event: { Weather: 'Sunny' },
    matches: true,
  },
  {
    source: 'lambda',
    what: 'Not, miss',
    pattern: { Weather: [{ 'anything-but': ['Raining'] }] },
    event: { Weather: 'Raining' },
    matches: false,
  },
  {
    source: 'lambda',
    what: 'Numeric (equals)',
    pattern: { Price: [{ numeric: ['=', 100] }] },
    event: { Price: 100 },
    matches: true,
  },
  {
    source: 'lambda',
    what: 'Numeric (range), upper bound included',
    pattern: { Price: [{ numeric: ['>', 10, '<=', 20] }] },
    event: { Price: 20 },
    matches: true,
  },
  {
    source: 'lambda',
    what: 'Numeric (range), lower bound excluded',
    pattern: { Price: [{ numeric: ['>', 10, '<=', 20] }] },
    event: { Price: 10 },
    matches: false,
  },
  {
    source: 'lambda',
    what: 'Exists',
    pattern: { ProductName: [{ exists: true }] },
    event: { ProductName: 'Widget' },
    matches: true,
  },
  {
    source: 'lambda',
    what: 'Does not exist',
    pattern: { ProductName: [{ exists: false }] },
    event: { Price: 5 },
    matches: true,
  },
  {
    source: 'lambda',
    what: 'Begins with',
    pattern: { Region: [{ prefix: 'us-' }] },
    event: { Region: 'us-east-1' },
    matches: true,
  },
  {
    source: 'lambda',
    what: 'Begins with, miss',
    pattern: { Region: [{ prefix: 'us-' }] },
    event: { Region: 'eu-west-1' },
    matches: false,
  },
  {
    source: 'lambda',
    what: 'multi-level filtering (DynamoDB Keys.Id.N)',
    pattern: { dynamodb: { Keys: { Id: { N: ['101'] } } } },
    event: dynamodbRecord,
    matches: true,
  },
  {
    source: 'lambda',
    what: 'multi-level filtering, miss',
    pattern: { dynamodb: { Keys: { Id: { N: ['102'] } } } },
    event: dynamodbRecord,
    matches: false,
  },
  {
    source: 'lambda',
    what: 'Temperature range on data (Kinesis example)',
    pattern: { data: { Temperature: [{ numeric: ['>', 50, '<=', 60] }] } },
    event: { data: { Temperature: 55 } },
    matches: true,
  },
  // [eventbridge] Comparison operators apply to leaf nodes only.
  {
    source: 'eventbridge',
    what: 'an exact match never matches an object',
    pattern: { detail: ['running'] },
    event: ec2Event,
    matches: false,
  },
  {
    source: 'eventbridge',
    what: 'numeric matches any number of an array',
    pattern: { scores: [{ numeric: ['>=', 90] }] },
    event: { scores: [12, 95] },
    matches: true,
  },
];

describe('filter engine: AWS conformance table', () => {
  for (const row of rows) {
    it(`[${row.source}] ${row.what} → ${row.matches ? 'match' : 'no match'}`, () => {
      // Prepare
      const matches = compilePattern(structuredClone(row.pattern));

      // Act
      const verdict = matches(structuredClone(row.event));

      // Assess
      expect(verdict).toBe(row.matches);
    });
  }
});

/** [kafka] A record whose value is `value`'s UTF-8 bytes (objects as JSON). */
function kafkaRecord(value: string | object): FilterableKafkaRecord {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { topic: 'mytopic', partition: 0, offset: 15, timestamp: 1545084650987, key: null, value: Buffer.from(text) };
}

const kafkaRows: { what: string; pattern: object; value: string | object; matches: boolean }[] = [
  {
    what: 'device_ID begins with AB (JSON value)',
    pattern: { value: { device_ID: [{ prefix: 'AB' }] } },
    value: { device_ID: 'AB1234', session: { start_time: '2021-01-01T00:00:00', duration: 162 } },
    matches: true,
  },
  {
    what: 'device_ID begins with AB, another device',
    pattern: { value: { device_ID: [{ prefix: 'AB' }] } },
    value: { device_ID: 'CD1234', session: { duration: 162 } },
    matches: false,
  },
  {
    what: 'plain-string value, anything but "error"',
    pattern: { value: [{ 'anything-but': ['error'] }] },
    value: 'all good',
    matches: true,
  },
  {
    what: 'plain-string value "error" is filtered out',
    pattern: { value: [{ 'anything-but': ['error'] }] },
    value: 'error',
    matches: false,
  },
  {
    what: 'a JSON-object value is no leaf: "value does not exist" holds',
    pattern: { value: [{ exists: false }] },
    value: { device_ID: 'AB1234' },
    matches: true,
  },
  {
    what: 'a JSON-object value is no leaf: "value exists" does not hold',
    pattern: { value: [{ exists: true }] },
    value: { device_ID: 'AB1234' },
    matches: false,
  },
  {
    what: 'nested numeric on a JSON value (session.duration)',
    pattern: { value: { session: { duration: [{ numeric: ['>', 100] }] } } },
    value: { device_ID: 'AB1234', session: { duration: 162 } },
    matches: true,
  },
];

describe('Kafka FilterCriteria: AWS conformance table [kafka]', () => {
  for (const row of kafkaRows) {
    it(`${row.what} → ${row.matches ? 'delivered' : 'filtered out'}`, () => {
      // Prepare
      const filter = compileFilterCriteria({ Filters: [{ Pattern: JSON.stringify(row.pattern) }] });

      // Act
      const verdict = filter.matches(kafkaRecord(row.value));

      // Assess
      expect(verdict).toBe(row.matches);
    });
  }
});
