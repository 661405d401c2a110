/**
 * Walks an event in two layers. The envelope (event source, ARN, brokers, the
 * `"<topic>-<partition>"` keys and each record's topic and partition) must be right for the
 * event to be read at all. A record's own content (offset, timestamp, key, value, headers)
 * is checked record by record, so the lenient decoder can set one bad record aside and
 * still place it at its topic and partition.
 */

import { InvalidKafkaEventError } from './errors.js';
import { parsePartitionKey } from './partition-key.js';
import {
  base64FieldProblem,
  bootstrapServersProblem,
  describe,
  eventSourceArnProblem,
  eventSourceProblem,
  isObject,
  offsetProblem,
  signedByteProblem,
  timestampProblem,
  timestampTypeProblem,
} from './rules.js';
import { KafkaEventSource } from './types.js';

/** A record whose topic and partition are checked, its content not yet. */
export type UncheckedRecord = Record<string, unknown> & { topic: string; partition: number };

/** One `"<topic>-<partition>"` list of an event. */
export interface EnvelopePartition {
  /** The key as it appears in the event. */
  key: string;
  /** Topic the key names. */
  topic: string;
  /** Partition the key names. */
  partition: number;
  /** The list's records, in event order. */
  records: UncheckedRecord[];
}

/** An event whose envelope is checked. */
export interface Envelope {
  /** Which kind of event source mapping produced the event. */
  source: KafkaEventSource;
  /** MSK cluster ARN; absent for self-managed Kafka. */
  eventSourceArn?: string;
  /** Comma-separated `host:port` list. */
  bootstrapServers: string;
  /** The record lists in event order. */
  partitions: EnvelopePartition[];
}

/** Receives each record of an event with its problem (a full message naming the path), if any. */
export type RecordVisitor = (
  partition: EnvelopePartition,
  record: UncheckedRecord,
  problem: string | undefined,
) => void;

function fail(message: string): never {
  throw new InvalidKafkaEventError(message);
}

/** Checks the envelope, throwing `InvalidKafkaEventError` on the first problem. */
export function readEnvelope(event: unknown): Envelope {
  if (!isObject(event)) fail(`event must be an object, got ${describe(event)}`);
  const source = event.eventSource;
  const sourceProblem = eventSourceProblem(source);
  if (sourceProblem !== undefined) fail(`eventSource ${sourceProblem}`);
  const envelope: Envelope = {
    source: source as KafkaEventSource,
    bootstrapServers: event.bootstrapServers as string,
    partitions: [],
  };
  if (source === KafkaEventSource.MSK) {
    const arnProblem = eventSourceArnProblem(event.eventSourceArn);
    if (arnProblem !== undefined) fail(`eventSourceArn ${arnProblem}`);
    envelope.eventSourceArn = event.eventSourceArn as string;
  } else if (event.eventSourceArn !== undefined) {
    fail(`eventSourceArn must be absent when eventSource is "${KafkaEventSource.SELF_MANAGED}"`);
  }
  const serversProblem = bootstrapServersProblem(event.bootstrapServers);
  if (serversProblem !== undefined) fail(`bootstrapServers ${serversProblem}`);
  const records = event.records;
  if (!isObject(records)) fail(`records must be an object keyed "<topic>-<partition>", got ${describe(records)}`);
  for (const [key, list] of Object.entries(records)) {
    envelope.partitions.push(readPartition(key, list));
  }
  return envelope;
}

function readPartition(key: string, list: unknown): EnvelopePartition {
  const at = `records[${JSON.stringify(key)}]`;
  const named = parsePartitionKey(key);
  if (named === undefined) {
    fail(
      `records key ${JSON.stringify(key)} must be "<topic>-<partition>" with a legal topic name and partition number`,
    );
  }
  if (!Array.isArray(list)) fail(`${at} must be an array, got ${describe(list)}`);
  list.forEach((record: unknown, index) => {
    if (!isObject(record)) fail(`${at}[${index}] must be an object, got ${describe(record)}`);
    if (record.topic !== named.topic) {
      fail(`${at}[${index}].topic must be "${named.topic}" to match its key, got ${describe(record.topic)}`);
    }
    if (record.partition !== named.partition) {
      fail(`${at}[${index}].partition must be ${named.partition} to match its key, got ${describe(record.partition)}`);
    }
  });
  return { key, ...named, records: list as UncheckedRecord[] };
}

/**
 * Visits every record in event order with its content problem. Offsets must increase
 * within a partition, as Kafka delivers them; a record whose offset breaks that is
 * reported and leaves the running maximum as it was.
 */
export function forEachRecord(envelope: Envelope, visit: RecordVisitor): void {
  for (const partition of envelope.partitions) {
    let previous = -1;
    partition.records.forEach((record, index) => {
      const problem = offsetOrderProblem(record.offset, previous) ?? contentProblem(record);
      if (offsetProblem(record.offset) === undefined && (record.offset as number) > previous) {
        previous = record.offset as number;
      }
      visit(partition, record, problem === undefined ? undefined : `${recordPath(partition.key, index)}${problem}`);
    });
  }
}

function recordPath(key: string, index: number): string {
  return `records[${JSON.stringify(key)}][${index}]`;
}

function offsetOrderProblem(offset: unknown, previous: number): string | undefined {
  const problem = offsetProblem(offset);
  if (problem !== undefined) return `.offset ${problem}`;
  return (offset as number) > previous
    ? undefined
    : `.offset must be greater than the previous record's offset ${previous}, got ${describe(offset)}`;
}

/** Everything of a record but its identity and offset; the problem starts with the path below the record. */
function contentProblem(record: UncheckedRecord): string | undefined {
  const checks: Array<[field: string, problem: string | undefined]> = [
    ['timestamp', timestampProblem(record.timestamp)],
    ['timestampType', timestampTypeProblem(record.timestampType)],
    ['key', base64FieldProblem(record.key)],
    ['value', base64FieldProblem(record.value)],
  ];
  for (const [field, problem] of checks) {
    if (problem !== undefined) return `.${field} ${problem}`;
  }
  return headersProblem(record.headers);
}

function headersProblem(headers: unknown): string | undefined {
  if (!Array.isArray(headers)) return `.headers must be an array, got ${describe(headers)}`;
  for (let i = 0; i < headers.length; i++) {
    const header: unknown = headers[i];
    if (!isObject(header)) return `.headers[${i}] must be an object holding one header, got ${describe(header)}`;
    const names = Object.keys(header);
    if (names.length !== 1) return `.headers[${i}] must hold exactly one header name, got ${names.length}`;
    const name = names[0]!;
    const bytes = header[name];
    const at = `.headers[${i}][${JSON.stringify(name)}]`;
    if (!Array.isArray(bytes)) return `${at} must be an array of signed Java bytes, got ${describe(bytes)}`;
    for (let j = 0; j < bytes.length; j++) {
      const problem = signedByteProblem(bytes[j]);
      if (problem !== undefined) return `${at}[${j}] ${problem}`;
    }
  }
  return undefined;
}
