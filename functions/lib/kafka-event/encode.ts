/**
 * Builds the Kafka events Lambda delivers, for the local event source mapping emulator and
 * for tests: records grouped under `"<topic>-<partition>"` keys in the order given, keys and
 * values base64, header values as signed Java bytes. A null key or value is left out of the
 * record, as Lambda does. Input that would not pass `assertKafkaEvent` is refused.
 */

import { KafkaEventEncodeError } from './errors.js';
import { toJavaBytes } from './java-bytes.js';
import { partitionKey } from './partition-key.js';
import {
  bootstrapServersProblem,
  describe,
  eventSourceArnProblem,
  eventSourceProblem,
  offsetProblem,
  partitionProblem,
  timestampProblem,
  timestampTypeProblem,
  topicProblem,
} from './rules.js';
import {
  type KafkaEvent,
  type KafkaEventInput,
  KafkaEventSource,
  type KafkaHeaderInput,
  type KafkaRecordInput,
  type MskEvent,
  type RawKafkaRecord,
  type RawKafkaRecords,
  type SelfManagedKafkaEvent,
  TimestampType,
} from './types.js';

/** Placeholder ARN for `aws:kafka` events of the local cluster. */
const LOCAL_CLUSTER_ARN =
  'arn:aws:kafka:us-east-1:000000000000:cluster/tandem-local/00000000-0000-0000-0000-000000000000-1';

/** Encodes records as a Kafka event; throws `KafkaEventEncodeError` on input no valid event can hold. */
export function encodeKafkaEvent(
  input: KafkaEventInput & { source: typeof KafkaEventSource.SELF_MANAGED },
): SelfManagedKafkaEvent;
export function encodeKafkaEvent(input: KafkaEventInput & { source?: typeof KafkaEventSource.MSK }): MskEvent;
export function encodeKafkaEvent(input: KafkaEventInput): KafkaEvent;
export function encodeKafkaEvent(input: KafkaEventInput): KafkaEvent {
  const source = input.source ?? KafkaEventSource.MSK;
  check('source', eventSourceProblem(source));
  const bootstrapServers =
    typeof input.bootstrapServers === 'string' ? input.bootstrapServers : input.bootstrapServers.join(',');
  check('bootstrapServers', bootstrapServersProblem(bootstrapServers));
  const records = encodeRecords(input.records);
  if (source === KafkaEventSource.SELF_MANAGED) {
    if (input.eventSourceArn !== undefined) {
      throw new KafkaEventEncodeError(
        `eventSourceArn must be absent when source is "${KafkaEventSource.SELF_MANAGED}"`,
      );
    }
    return { eventSource: source, bootstrapServers, records };
  }
  const eventSourceArn = input.eventSourceArn ?? LOCAL_CLUSTER_ARN;
  check('eventSourceArn', eventSourceArnProblem(eventSourceArn));
  return { eventSource: source, eventSourceArn, bootstrapServers, records };
}

function check(path: string, problem: string | undefined): void {
  if (problem !== undefined) throw new KafkaEventEncodeError(`${path} ${problem}`);
}

function encodeRecords(inputs: readonly KafkaRecordInput[]): RawKafkaRecords {
  const records: RawKafkaRecords = {};
  inputs.forEach((input, index) => {
    const at = `records[${index}]`;
    check(`${at}.topic`, topicProblem(input.topic));
    check(`${at}.partition`, partitionProblem(input.partition));
    check(`${at}.offset`, offsetProblem(input.offset));
    check(`${at}.timestamp`, timestampProblem(input.timestamp));
    const timestampType = input.timestampType ?? TimestampType.CREATE_TIME;
    check(`${at}.timestampType`, timestampTypeProblem(timestampType));
    const key = partitionKey(input.topic, input.partition);
    const list = (records[key] ??= []);
    const previous = list.at(-1);
    if (previous !== undefined && input.offset <= previous.offset) {
      throw new KafkaEventEncodeError(
        `${at}.offset must be greater than ${previous.offset}, the previous offset of ${key}, got ${input.offset}`,
      );
    }
    const record: RawKafkaRecord = {
      topic: input.topic,
      partition: input.partition,
      offset: input.offset,
      timestamp: input.timestamp,
      timestampType,
      ...(input.key == null ? {} : { key: toBase64(input.key, `${at}.key`) }),
      ...(input.value == null ? {} : { value: toBase64(input.value, `${at}.value`) }),
      headers: (input.headers ?? []).map((header, i) => encodeHeader(header, `${at}.headers[${i}]`)),
    };
    list.push(record);
  });
  return records;
}

function encodeHeader(header: KafkaHeaderInput, at: string): Record<string, number[]> {
  if (typeof header.key !== 'string') {
    throw new KafkaEventEncodeError(`${at}.key must be a string, got ${describe(header.key)}`);
  }
  return { [header.key]: toJavaBytes(bytesOf(header.value, `${at}.value`)) };
}

function toBase64(value: Uint8Array | string, at: string): string {
  return bytesOf(value, at).toString('base64');
}

/** Strings are UTF-8; bytes are viewed, not copied. */
function bytesOf(value: Uint8Array | string, at: string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new KafkaEventEncodeError(`${at} must be bytes or a string, got ${describe(value)}`);
}
