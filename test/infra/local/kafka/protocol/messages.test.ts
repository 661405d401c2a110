import { createRequire } from 'node:module';
import * as P from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { codecFor, type Message } from '../../../../../infra/local/kafka/protocol/codec.js';
import { ProtocolError, SchemaError } from '../../../../../infra/local/kafka/protocol/errors.js';
import * as M from '../../../../../infra/local/kafka/protocol/messages/index.js';
import { Reader } from '../../../../../infra/local/kafka/protocol/reader.js';
import {
  camel,
  type FieldSpec,
  inVersions,
  type MessageSpec,
  parseVersions,
} from '../../../../../infra/local/kafka/protocol/schema.js';
import { Writer } from '../../../../../infra/local/kafka/protocol/writer.js';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function encode(spec: MessageSpec, version: number, msg: Message): Buffer {
  const w = new Writer();
  codecFor(spec, version).encode(w, msg);
  return w.toBuffer();
}

/** Decodes a whole body and insists every byte was consumed. */
function decodeAll(spec: MessageSpec, version: number, buf: Buffer): Message {
  const r = new Reader(buf);
  const msg = codecFor(spec, version).decode(r);
  expect(r.remaining).toBe(0);
  return msg;
}

function versionsOf(spec: MessageSpec): number[] {
  const { min, max } = parseVersions(spec.validVersions);
  const out: number[] = [];
  for (let v = min; v <= max; v++) out.push(v);
  return out;
}

/** Walks into decoded values without `any`. */
function pick(value: unknown, ...path: Array<string | number>): unknown {
  let cur = value;
  for (const k of path) cur = (cur as Record<string | number, unknown>)[k];
  return cur;
}

// The APIs this broker serves, with the ranges and flexible versions Kafka gives them.
const APIS: Array<{ req: MessageSpec; res: MessageSpec; apiKey: number; valid: string; flexible: string }> = [
  { req: M.ProduceRequest, res: M.ProduceResponse, apiKey: 0, valid: '0-9', flexible: '9+' },
  { req: M.FetchRequest, res: M.FetchResponse, apiKey: 1, valid: '0-13', flexible: '12+' },
  { req: M.ListOffsetsRequest, res: M.ListOffsetsResponse, apiKey: 2, valid: '0-7', flexible: '6+' },
  { req: M.MetadataRequest, res: M.MetadataResponse, apiKey: 3, valid: '0-12', flexible: '9+' },
  { req: M.OffsetCommitRequest, res: M.OffsetCommitResponse, apiKey: 8, valid: '0-8', flexible: '8+' },
  { req: M.OffsetFetchRequest, res: M.OffsetFetchResponse, apiKey: 9, valid: '0-8', flexible: '6+' },
  { req: M.FindCoordinatorRequest, res: M.FindCoordinatorResponse, apiKey: 10, valid: '0-4', flexible: '3+' },
  { req: M.JoinGroupRequest, res: M.JoinGroupResponse, apiKey: 11, valid: '0-9', flexible: '6+' },
  { req: M.HeartbeatRequest, res: M.HeartbeatResponse, apiKey: 12, valid: '0-4', flexible: '4+' },
  { req: M.LeaveGroupRequest, res: M.LeaveGroupResponse, apiKey: 13, valid: '0-5', flexible: '4+' },
  { req: M.SyncGroupRequest, res: M.SyncGroupResponse, apiKey: 14, valid: '0-5', flexible: '4+' },
  { req: M.DescribeGroupsRequest, res: M.DescribeGroupsResponse, apiKey: 15, valid: '0-5', flexible: '5+' },
  { req: M.CreateTopicsRequest, res: M.CreateTopicsResponse, apiKey: 19, valid: '0-7', flexible: '5+' },
  { req: M.DeleteTopicsRequest, res: M.DeleteTopicsResponse, apiKey: 20, valid: '0-6', flexible: '4+' },
  { req: M.InitProducerIdRequest, res: M.InitProducerIdResponse, apiKey: 22, valid: '0-4', flexible: '2+' },
];
const ALL_SPECS: MessageSpec[] = APIS.flatMap((a) => [a.req, a.res]);

// ---------------------------------------------------------------------------------------------
// Generic sample generator: walks a spec and gives every field present in a version a
// non-default value (or null, depending on the mode).
// ---------------------------------------------------------------------------------------------

/** values: nothing null; nulls: every nullable field null; scalarNulls: nullable arrays filled, nullable scalars null. */
type Mode = 'values' | 'nulls' | 'scalarNulls';
const MODES: Mode[] = ['values', 'nulls', 'scalarNulls'];

class Counter {
  private n = 0;
  next(): number {
    this.n += 1;
    return this.n;
  }
}

function sampleStruct(fields: FieldSpec[], v: number, mode: Mode, c: Counter): Message {
  const out: Message = {};
  for (const f of fields) if (inVersions(f.versions, v)) out[camel(f.name)] = sampleField(f, v, mode, c);
  return out;
}

function sampleField(f: FieldSpec, v: number, mode: Mode, c: Counter): unknown {
  const isArray = f.type.startsWith('[]');
  if (inVersions(f.nullableVersions, v) && (mode === 'nulls' || (mode === 'scalarNulls' && !isArray))) return null;
  const sub = f.fields;
  if (isArray) {
    const inner = f.type.slice(2);
    return [0, 1].map(() => (sub ? sampleStruct(sub, v, mode, c) : samplePrimitive(inner, f, c)));
  }
  if (sub) return sampleStruct(sub, v, mode, c);
  return samplePrimitive(f.type, f, c);
}

function samplePrimitive(type: string, f: FieldSpec, c: Counter): unknown {
  const n = c.next();
  const sign = n % 2 === 0 ? 1 : -1; // negative values too, never -1 (the usual default)
  switch (type) {
    case 'int8':
      return sign * (2 + (n % 120));
    case 'int16':
      return sign * (300 + n);
    case 'uint16':
      return 40000 + n;
    case 'int32':
      return sign * (70000 + n * 7919);
    case 'int64':
      return BigInt(sign) * ((1n << 40n) + BigInt(n));
    case 'float64':
      return n + 0.25;
    case 'bool':
      return f.default !== true;
    case 'uuid':
      return Buffer.from(Array.from({ length: 16 }, (_, i) => ((n + i) % 255) + 1));
    case 'string':
      return `${camel(f.name)}-${n}-ü`; // multi-byte UTF-8: byte length != char length
    case 'bytes':
      return Buffer.from(`bytes-${n}`);
    case 'records':
      return Buffer.alloc(1100 + n, n % 251); // above 1 KiB: exercises the writer's zero-copy path
    default:
      throw new Error(`no sample for type ${type}`);
  }
}

/** What Kafka decodes for a field that is not on the wire in `v`. */
function defaultOf(f: FieldSpec, v: number): unknown {
  if (f.default !== undefined) return f.default;
  const nullable = inVersions(f.nullableVersions, v);
  const sub = f.fields;
  if (f.type.startsWith('[]')) return nullable ? null : [];
  if (sub) return nullable ? null : Object.fromEntries(sub.map((s) => [camel(s.name), defaultOf(s, v)]));
  switch (f.type) {
    case 'int64':
      return 0n;
    case 'bool':
      return false;
    case 'uuid':
      return Buffer.alloc(16);
    case 'string':
      return nullable ? null : '';
    case 'bytes':
    case 'records':
      return nullable ? null : Buffer.alloc(0);
    default:
      return 0;
  }
}

/** The decoded form of `msg`: present fields as sent, absent fields at their defaults. */
function expectedStruct(fields: FieldSpec[], v: number, msg: Message): Message {
  const out: Message = {};
  for (const f of fields) {
    const key = camel(f.name);
    out[key] = inVersions(f.versions, v) ? expectedField(f, v, msg[key]) : defaultOf(f, v);
  }
  return out;
}

function expectedField(f: FieldSpec, v: number, value: unknown): unknown {
  const sub = f.fields;
  if (value === null || !sub) return value;
  if (f.type.startsWith('[]')) return (value as Message[]).map((e) => expectedStruct(sub, v, e));
  return expectedStruct(sub, v, value as Message);
}

// ---------------------------------------------------------------------------------------------
// 1. Tables: shape checks and a generic round trip of every version
// ---------------------------------------------------------------------------------------------

describe('schema tables', () => {
  it('cover the API keys and version ranges the broker serves', () => {
    for (const a of APIS) {
      for (const spec of [a.req, a.res]) {
        expect(spec.apiKey, spec.name).toBe(a.apiKey);
        expect(spec.validVersions, spec.name).toBe(a.valid);
        expect(spec.flexibleVersions, spec.name).toBe(a.flexible);
      }
      expect(a.req.type).toBe('request');
      expect(a.res.type).toBe('response');
      expect(a.req.name.replace(/Request$/, '')).toBe(a.res.name.replace(/Response$/, ''));
    }
  });

  it('are well formed: PascalCase names, tags only in flexible versions, nullability only on nullable types', () => {
    const problems: string[] = [];
    const valid = (spec: MessageSpec) => parseVersions(spec.validVersions);
    const check = (spec: MessageSpec, fields: FieldSpec[], path: string) => {
      const names = new Set<string>();
      const tags = new Set<number>();
      for (const f of fields) {
        const at = `${path}.${f.name}`;
        if (!/^[A-Z][A-Za-z0-9]*$/.test(f.name)) problems.push(`${at}: not PascalCase`);
        if (names.has(f.name)) problems.push(`${at}: duplicate`);
        names.add(f.name);
        const range = parseVersions(f.versions);
        if (range.min > valid(spec).max || range.max < valid(spec).min) problems.push(`${at}: never on the wire`);
        const inner = f.type.startsWith('[]') ? f.type.slice(2) : f.type;
        const primitive = /^(int8|int16|uint16|int32|int64|float64|bool|uuid|string|bytes|records)$/.test(inner);
        if (primitive === Boolean(f.fields)) problems.push(`${at}: fields must be given exactly for struct types`);
        if (f.nullableVersions !== undefined) {
          const nullableType = f.type.startsWith('[]') || /^(string|bytes|records)$/.test(f.type);
          if (!nullableType) problems.push(`${at}: ${f.type} cannot be nullable`);
        }
        if (f.taggedVersions !== undefined) {
          if (f.tag === undefined) problems.push(`${at}: tagged without tag`);
          else if (tags.has(f.tag)) problems.push(`${at}: duplicate tag ${f.tag}`);
          else tags.add(f.tag);
          const tagged = parseVersions(f.taggedVersions);
          if (tagged.min < parseVersions(spec.flexibleVersions).min) problems.push(`${at}: tagged before flexible`);
        } else if (f.tag !== undefined) problems.push(`${at}: tag without taggedVersions`);
        if (f.fields) check(spec, f.fields, at);
      }
    };
    for (const spec of ALL_SPECS) check(spec, spec.fields, spec.name);
    expect(problems).toEqual([]);
  });
});

for (const spec of ALL_SPECS) {
  describe(`${spec.name} round trip`, () => {
    for (const v of versionsOf(spec)) {
      it(`v${v}: every field survives encode/decode, absent fields decode to defaults`, () => {
        for (const mode of MODES) {
          const msg = sampleStruct(spec.fields, v, mode, new Counter());
          const buf = encode(spec, v, msg);
          const decoded = decodeAll(spec, v, buf);
          expect(decoded, `${spec.name} v${v} ${mode}`).toStrictEqual(expectedStruct(spec.fields, v, msg));
          // Encoding what we decoded gives the same bytes.
          expect(encode(spec, v, decoded).equals(buf)).toBe(true);
          // A truncated body never decodes.
          for (const cut of [buf.length - 1, buf.length >> 1, 1]) {
            expect(() => codecFor(spec, v).decode(new Reader(buf.subarray(0, cut)))).toThrow(ProtocolError);
          }
        }
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// 2. Protocol details the broker relies on
// ---------------------------------------------------------------------------------------------

describe('Writer growth (regression: writes landed in the replaced buffer)', () => {
  it('keeps every byte when a write needs a new chunk', () => {
    const big = Buffer.alloc(1500, 7);
    const w = new Writer(4)
      .int32(0x01020304)
      .int8(-2)
      .int16(-300)
      .uint16(65000)
      .int64(-5n)
      .float64(1.5)
      .bool(true)
      .uvarint(300)
      .varint(-3)
      .varlong(-70000)
      .utf8('héllo', 6)
      .raw(Buffer.from([9, 9]))
      .raw(big)
      .uint32(0xfffffffe);
    const expected = Buffer.concat([
      Buffer.from('01020304fe' + 'fed4' + 'fde8' + 'fffffffffffffffb', 'hex'),
      Buffer.from('3ff8000000000000' + '01' + 'ac02' + '05' + 'dfc508', 'hex'),
      Buffer.from('héllo'),
      Buffer.from([9, 9]),
      big,
      Buffer.from('fffffffe', 'hex'),
    ]);
    expect(w.length).toBe(expected.length);
    expect(w.toBuffer()).toEqual(expected);
    const r = new Reader(w.toBuffer());
    expect([r.int32(), r.int8(), r.int16(), r.uint16(), r.int64(), r.float64(), r.bool()]).toEqual([
      0x01020304,
      -2,
      -300,
      65000,
      -5n,
      1.5,
      true,
    ]);
    expect([r.uvarint(), r.varint(), r.varlong(), r.utf8(6)]).toEqual([300, -3, -70000, 'héllo']);
  });
});

describe('protocol details', () => {
  it('decodes fields absent in old versions to the defaults Kafka uses', () => {
    const meta = decodeAll(M.MetadataRequest, 3, encode(M.MetadataRequest, 3, { topics: [{ name: 't' }] }));
    expect(meta.allowAutoTopicCreation).toBe(true);

    const fetch = decodeAll(
      M.FetchRequest,
      2,
      encode(M.FetchRequest, 2, { replicaId: -1, maxWaitMs: 100, topics: [] }),
    );
    expect(fetch).toMatchObject({ maxBytes: 0x7fffffff, isolationLevel: 0, sessionId: 0, sessionEpoch: -1 });
    expect(fetch.forgottenTopicsData).toEqual([]);
    expect(fetch.clusterId).toBeNull();

    const join = decodeAll(
      M.JoinGroupRequest,
      0,
      encode(M.JoinGroupRequest, 0, { groupId: 'g', sessionTimeoutMs: 10 }),
    );
    expect(join).toMatchObject({ rebalanceTimeoutMs: -1, groupInstanceId: null, reason: null });

    const commit = decodeAll(M.OffsetCommitRequest, 0, encode(M.OffsetCommitRequest, 0, { groupId: 'g' }));
    expect(commit).toMatchObject({ generationIdOrMemberEpoch: -1, memberId: '', retentionTimeMs: -1n });

    const produce = decodeAll(M.ProduceRequest, 2, encode(M.ProduceRequest, 2, { acks: 1 }));
    expect(produce.transactionalId).toBeNull();

    const listV0 = { topics: [{ name: 't', partitions: [{ partitionIndex: 0, timestamp: -1n }] }] };
    const list = decodeAll(M.ListOffsetsRequest, 0, encode(M.ListOffsetsRequest, 0, listV0));
    expect(pick(list, 'topics', 0, 'partitions', 0)).toMatchObject({ maxNumOffsets: 1, currentLeaderEpoch: -1 });
  });

  it('Metadata topics: null is "all topics" from v1 and is not on the wire in v0', () => {
    expect(encode(M.MetadataRequest, 1, { topics: null })).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    expect(decodeAll(M.MetadataRequest, 1, Buffer.from([0xff, 0xff, 0xff, 0xff])).topics).toBeNull();
    expect(decodeAll(M.MetadataRequest, 0, Buffer.from([0, 0, 0, 0])).topics).toEqual([]);
    // The encoder treats null like a missing value where the version has no null: the field's default.
    expect(encode(M.MetadataRequest, 0, { topics: null })).toEqual(Buffer.from([0, 0, 0, 0]));
    expect(encode(M.JoinGroupResponse, 6, { protocolName: null })).toEqual(
      encode(M.JoinGroupResponse, 6, { protocolName: '' }),
    );
    // ...but a null inside an array of non-nullable strings is refused.
    expect(() => encode(M.DescribeGroupsRequest, 0, { groups: ['g', null] })).toThrow(SchemaError);
    expect(() => decodeAll(M.MetadataRequest, 0, Buffer.from([0xff, 0xff, 0xff, 0xff]))).toThrow(ProtocolError);
    // v12 flexible: compact nullable array, then 2 bools and an empty tag section.
    expect(encode(M.MetadataRequest, 12, { topics: null, allowAutoTopicCreation: false })).toEqual(
      Buffer.from([0, 0, 0, 0]),
    );
  });

  it('Fetch v12 carries cluster_id in the top-level tagged section', () => {
    const base = { replicaId: -1, maxWaitMs: 500, minBytes: 1, topics: [], forgottenTopicsData: [] };
    const without = encode(M.FetchRequest, 12, base);
    expect(without.at(-1)).toBe(0); // empty tag section
    const withId = encode(M.FetchRequest, 12, { ...base, clusterId: 'abc' });
    // count 1, tag 0, size 4, COMPACT_NULLABLE_STRING "abc"
    expect(withId.subarray(-7)).toEqual(Buffer.from([1, 0, 4, 4, 0x61, 0x62, 0x63]));
    expect(withId.subarray(0, -7)).toEqual(without.subarray(0, -1));
    expect(decodeAll(M.FetchRequest, 12, withId).clusterId).toBe('abc');
    expect(decodeAll(M.FetchRequest, 12, without).clusterId).toBeNull();
  });

  it('Fetch v12 tagged partition structs: written only when not default, absent ones decode to Kafka defaults', () => {
    const partition = {
      partitionIndex: 0,
      highWatermark: 10n,
      lastStableOffset: 10n,
      logStartOffset: 0n,
      abortedTransactions: null,
      records: null,
    };
    const response = (p: Message) => ({ responses: [{ topic: 't', partitions: [p] }] });
    const plain = encode(M.FetchResponse, 12, response(partition));
    const withDefaults = encode(
      M.FetchResponse,
      12,
      response({
        ...partition,
        divergingEpoch: { epoch: -1, endOffset: -1n },
        currentLeader: { leaderId: -1, leaderEpoch: -1 },
        snapshotId: { endOffset: -1n, epoch: -1 },
      }),
    );
    expect(withDefaults).toEqual(plain);
    expect(pick(decodeAll(M.FetchResponse, 12, plain), 'responses', 0, 'partitions', 0)).toMatchObject({
      divergingEpoch: { epoch: -1, endOffset: -1n },
      currentLeader: { leaderId: -1, leaderEpoch: -1 },
      snapshotId: { endOffset: -1n, epoch: -1 },
    });

    const led = encode(M.FetchResponse, 12, response({ ...partition, currentLeader: { leaderId: 2, leaderEpoch: 9 } }));
    // The partition's tag section: count 1, tag 1, size 9 (two INT32 + the struct's own empty tag section).
    const tail = Buffer.from([1, 1, 9, 0, 0, 0, 2, 0, 0, 0, 9, 0]);
    expect(led.includes(tail)).toBe(true);
    expect(led.length).toBe(plain.length + tail.length - 1);
    expect(pick(decodeAll(M.FetchResponse, 12, led), 'responses', 0, 'partitions', 0, 'currentLeader')).toEqual({
      leaderId: 2,
      leaderEpoch: 9,
    });
    // Before v12 the field does not exist and reads as its default.
    expect(
      pick(decodeAll(M.FetchResponse, 11, encode(M.FetchResponse, 11, response(partition))), 'responses', 0),
    ).toMatchObject({ partitions: [{ currentLeader: { leaderId: -1, leaderEpoch: -1 }, preferredReadReplica: -1 }] });
  });

  it('skips unknown tagged fields', () => {
    // Heartbeat v4 request with an extra tag 7 of 3 bytes in the top-level tag section.
    const known = encode(M.HeartbeatRequest, 4, { groupId: 'g', generationId: 1, memberId: 'm' });
    const extended = Buffer.concat([known.subarray(0, -1), Buffer.from([1, 7, 3, 0xaa, 0xbb, 0xcc])]);
    expect(decodeAll(M.HeartbeatRequest, 4, extended)).toEqual(decodeAll(M.HeartbeatRequest, 4, known));
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Requests encoded by real clients decode to what was passed in
// ---------------------------------------------------------------------------------------------

interface KjsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<{ buffer: Buffer }>;
}
type KjsFactory = (args: Record<string, unknown>) => KjsRequest;
interface KjsResponse {
  decode(raw: Buffer): Promise<Record<string, unknown>>;
  parse(data: Record<string, unknown>): Promise<Record<string, unknown>>;
}
interface KjsEncoder {
  buffer: Buffer;
}

const kjsRequest = (api: string, v: number): KjsFactory =>
  require(`kafkajs/src/protocol/requests/${api}/v${v}/request.js`);
const kjsResponse = (api: string, v: number): KjsResponse =>
  require(`kafkajs/src/protocol/requests/${api}/v${v}/response.js`);
const KjsDecoder: new (buf: Buffer) => unknown = require('kafkajs/src/protocol/decoder.js');
const kjsRecordBatchDecoder: (d: unknown) => Promise<{
  records: Array<{ key: Buffer; value: Buffer }>;
}> = require('kafkajs/src/protocol/recordBatch/v0/decoder.js');
const kjsMessageSetDecoder: (
  d: unknown,
  size: number,
) => Promise<Array<{ key: Buffer; value: Buffer }>> = require('kafkajs/src/protocol/messageSet/decoder.js');
const kjsMessageSet: (
  args: Record<string, unknown>,
) => KjsEncoder = require('kafkajs/src/protocol/messageSet/index.js');
const kjsRecordBatch: {
  RecordBatch: (args: Record<string, unknown>) => Promise<KjsEncoder>;
} = require('kafkajs/src/protocol/recordBatch/v0/index.js');
const kjsRecord: (
  args: Record<string, unknown>,
) => KjsEncoder = require('kafkajs/src/protocol/recordBatch/record/v0/index.js');

async function kafkajsBody(spec: MessageSpec, api: string, v: number, args: Record<string, unknown>): Promise<Message> {
  const request = kjsRequest(api, v)(args);
  expect(request.apiKey).toBe(spec.apiKey);
  expect(request.apiVersion).toBe(v);
  // kafkajs encodes the body only; the request header is added by its connection.
  const body = (await request.encode()).buffer;
  return decodeAll(spec, v, body);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const keyValues = (records: Array<{ key: Buffer | null; value: Buffer | null }>) =>
  records.map((r) => [r.key?.toString(), r.value?.toString()]);

describe('kafkajs 2.2.4 requests', () => {
  it.each(range(0, 6))('Metadata v%i', async (v) => {
    const args = { topics: ['orders', 'payments'], allowAutoTopicCreation: false };
    expect(await kafkajsBody(M.MetadataRequest, 'metadata', v, args)).toStrictEqual({
      topics: [
        { topicId: Buffer.alloc(16), name: 'orders' },
        { topicId: Buffer.alloc(16), name: 'payments' },
      ],
      allowAutoTopicCreation: v < 4,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    // kafkajs turns an empty list into null ("all topics") from v1.
    const all = await kafkajsBody(M.MetadataRequest, 'metadata', v, { topics: [] });
    expect(all.topics).toStrictEqual(v === 0 ? [] : null);
  });

  it.each(range(0, 7))('Produce v%i', async (v) => {
    const messages = [
      { key: 'k1', value: 'v1', timestamp: 1_700_000_000_000 },
      { key: 'k2', value: 'v2', timestamp: 1_700_000_000_001 },
    ];
    const decoded = await kafkajsBody(M.ProduceRequest, 'produce', v, {
      acks: -1,
      timeout: 30000,
      transactionalId: 'tx-1',
      producerId: 4000,
      producerEpoch: 2,
      compression: 0,
      topicData: [{ topic: 'orders', partitions: [{ partition: 2, firstSequence: 0, messages }] }],
    });
    expect(decoded).toMatchObject({
      transactionalId: v >= 3 ? 'tx-1' : null,
      acks: -1,
      timeoutMs: 30000,
      topicData: [{ name: 'orders', partitionData: [{ index: 2 }] }],
    });
    const records = pick(decoded, 'topicData', 0, 'partitionData', 0, 'records') as Buffer;
    const decodedRecords =
      v >= 3
        ? (await kjsRecordBatchDecoder(new KjsDecoder(records))).records
        : await kjsMessageSetDecoder(new KjsDecoder(records), records.length);
    expect(keyValues(decodedRecords)).toEqual([
      ['k1', 'v1'],
      ['k2', 'v2'],
    ]);
  });

  it.each(range(0, 11))('Fetch v%i', async (v) => {
    const decoded = await kafkajsBody(M.FetchRequest, 'fetch', v, {
      replicaId: -1,
      maxWaitTime: 5000,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
      sessionId: 12,
      sessionEpoch: 3,
      topics: [
        {
          topic: 'orders',
          partitions: [
            { partition: 4, currentLeaderEpoch: 9, fetchOffset: '123456789012', logStartOffset: 5, maxBytes: 1048576 },
          ],
        },
      ],
      forgottenTopics: [{ topic: 'old', partitions: [1, 2] }],
      rackId: 'rack-a',
    });
    expect(decoded).toStrictEqual({
      clusterId: null,
      replicaId: -1,
      maxWaitMs: 5000,
      minBytes: 1,
      maxBytes: v >= 3 ? 10485760 : 0x7fffffff,
      isolationLevel: v >= 4 ? 1 : 0,
      sessionId: v >= 7 ? 12 : 0,
      sessionEpoch: v >= 7 ? 3 : -1,
      topics: [
        {
          topic: 'orders',
          topicId: Buffer.alloc(16),
          partitions: [
            {
              partition: 4,
              currentLeaderEpoch: v >= 9 ? 9 : -1,
              fetchOffset: 123456789012n,
              lastFetchedEpoch: -1,
              logStartOffset: v >= 5 ? 5n : -1n,
              partitionMaxBytes: 1048576,
            },
          ],
        },
      ],
      forgottenTopicsData: v >= 7 ? [{ topic: 'old', topicId: Buffer.alloc(16), partitions: [1, 2] }] : [],
      rackId: v >= 11 ? 'rack-a' : '',
    });
  });

  it.each(range(0, 3))('ListOffsets v%i', async (v) => {
    const decoded = await kafkajsBody(M.ListOffsetsRequest, 'listOffsets', v, {
      replicaId: -1,
      isolationLevel: 1,
      topics: [
        {
          topic: 'orders',
          partitions: [
            { partition: 0, timestamp: -2 },
            { partition: 1, timestamp: 1e12 },
          ],
        },
      ],
    });
    expect(decoded).toStrictEqual({
      replicaId: -1,
      isolationLevel: v >= 2 ? 1 : 0,
      topics: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2n, maxNumOffsets: 1 },
            { partitionIndex: 1, currentLeaderEpoch: -1, timestamp: 1_000_000_000_000n, maxNumOffsets: 1 },
          ],
        },
      ],
    });
  });

  it.each(range(0, 3))('CreateTopics v%i', async (v) => {
    const decoded = await kafkajsBody(M.CreateTopicsRequest, 'createTopics', v, {
      topics: [
        {
          topic: 'orders',
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'retention.ms', value: null },
          ],
        },
        { topic: 'manual', replicaAssignment: [{ partition: 0, replicas: [1, 2] }] },
      ],
      timeout: 7000,
      validateOnly: true,
    });
    expect(decoded).toStrictEqual({
      topics: [
        {
          name: 'orders',
          numPartitions: 3,
          replicationFactor: 1,
          assignments: [],
          configs: [
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'retention.ms', value: null },
          ],
        },
        {
          name: 'manual',
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [{ partitionIndex: 0, brokerIds: [1, 2] }],
          configs: [],
        },
      ],
      timeoutMs: 7000,
      validateOnly: v >= 1,
    });
  });

  it.each(range(0, 1))('DeleteTopics v%i', async (v) => {
    const decoded = await kafkajsBody(M.DeleteTopicsRequest, 'deleteTopics', v, { topics: ['a', 'b'], timeout: 9000 });
    expect(decoded).toStrictEqual({ topics: [], topicNames: ['a', 'b'], timeoutMs: 9000 });
  });

  it.each(range(0, 2))('FindCoordinator v%i', async (v) => {
    const args = v === 0 ? { groupId: 'g1' } : { coordinatorKey: 'tx-1', coordinatorType: 1 };
    expect(await kafkajsBody(M.FindCoordinatorRequest, 'findCoordinator', v, args)).toStrictEqual({
      key: v === 0 ? 'g1' : 'tx-1',
      keyType: v === 0 ? 0 : 1,
      coordinatorKeys: [],
    });
  });

  it.each(range(0, 5))('JoinGroup v%i', async (v) => {
    const decoded = await kafkajsBody(M.JoinGroupRequest, 'joinGroup', v, {
      groupId: 'g1',
      sessionTimeout: 30000,
      rebalanceTimeout: 60000,
      memberId: '',
      groupInstanceId: 'inst-1',
      protocolType: 'consumer',
      groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1, 2]) }, { name: 'empty' }],
    });
    expect(decoded).toStrictEqual({
      groupId: 'g1',
      sessionTimeoutMs: 30000,
      rebalanceTimeoutMs: v >= 1 ? 60000 : -1,
      memberId: '',
      groupInstanceId: v >= 5 ? 'inst-1' : null,
      protocolType: 'consumer',
      protocols: [
        { name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1, 2]) },
        { name: 'empty', metadata: Buffer.alloc(0) },
      ],
      reason: null,
    });
  });

  it.each(range(0, 3))('SyncGroup v%i', async (v) => {
    const decoded = await kafkajsBody(M.SyncGroupRequest, 'syncGroup', v, {
      groupId: 'g1',
      generationId: 5,
      memberId: 'm-1',
      groupInstanceId: 'inst-1',
      groupAssignment: [{ memberId: 'm-1', memberAssignment: Buffer.from('abc') }],
    });
    expect(decoded).toStrictEqual({
      groupId: 'g1',
      generationId: 5,
      memberId: 'm-1',
      groupInstanceId: v >= 3 ? 'inst-1' : null,
      protocolType: null,
      protocolName: null,
      assignments: [{ memberId: 'm-1', assignment: Buffer.from('abc') }],
    });
  });

  it.each(range(0, 3))('Heartbeat v%i', async (v) => {
    const args = { groupId: 'g1', groupGenerationId: 5, memberId: 'm-1', groupInstanceId: 'inst-1' };
    expect(await kafkajsBody(M.HeartbeatRequest, 'heartbeat', v, args)).toStrictEqual({
      groupId: 'g1',
      generationId: 5,
      memberId: 'm-1',
      groupInstanceId: v >= 3 ? 'inst-1' : null,
    });
  });

  it.each(range(0, 3))('LeaveGroup v%i', async (v) => {
    const args =
      v < 3
        ? { groupId: 'g1', memberId: 'm-1' }
        : { groupId: 'g1', members: [{ memberId: 'm-1', groupInstanceId: 'inst-1' }, { memberId: 'm-2' }] };
    expect(await kafkajsBody(M.LeaveGroupRequest, 'leaveGroup', v, args)).toStrictEqual({
      groupId: 'g1',
      memberId: v < 3 ? 'm-1' : '',
      members:
        v < 3
          ? []
          : [
              { memberId: 'm-1', groupInstanceId: 'inst-1', reason: null },
              { memberId: 'm-2', groupInstanceId: null, reason: null },
            ],
    });
  });

  it.each(range(0, 5))('OffsetCommit v%i', async (v) => {
    const decoded = await kafkajsBody(M.OffsetCommitRequest, 'offsetCommit', v, {
      groupId: 'g1',
      groupGenerationId: 5,
      memberId: 'm-1',
      retentionTime: 86_400_000,
      topics: [
        {
          topic: 'orders',
          partitions: [
            { partition: 0, offset: '42', metadata: 'meta', timestamp: 1_700_000_000_000 },
            { partition: 1, offset: '9007199254740993', timestamp: 1_700_000_000_000 },
          ],
        },
      ],
    });
    const partition = (index: number, offset: bigint, metadata: string | null) => ({
      partitionIndex: index,
      committedOffset: offset,
      committedLeaderEpoch: -1,
      commitTimestamp: v === 1 ? 1_700_000_000_000n : -1n,
      committedMetadata: metadata,
    });
    expect(decoded).toStrictEqual({
      groupId: 'g1',
      generationIdOrMemberEpoch: v >= 1 ? 5 : -1,
      memberId: v >= 1 ? 'm-1' : '',
      groupInstanceId: null,
      retentionTimeMs: v >= 2 && v <= 4 ? 86_400_000n : -1n,
      topics: [{ name: 'orders', partitions: [partition(0, 42n, 'meta'), partition(1, 9007199254740993n, null)] }],
    });
  });

  it.each(range(1, 4))('OffsetFetch v%i', async (v) => {
    const args = { groupId: 'g1', topics: [{ topic: 'orders', partitions: [{ partition: 0 }, { partition: 3 }] }] };
    expect(await kafkajsBody(M.OffsetFetchRequest, 'offsetFetch', v, args)).toStrictEqual({
      groupId: 'g1',
      topics: [{ name: 'orders', partitionIndexes: [0, 3] }],
      groups: [],
      requireStable: false,
    });
  });

  it.each(range(0, 2))('DescribeGroups v%i', async (v) => {
    expect(await kafkajsBody(M.DescribeGroupsRequest, 'describeGroups', v, { groupIds: ['g1', 'g2'] })).toStrictEqual({
      groups: ['g1', 'g2'],
      includeAuthorizedOperations: false,
    });
  });

  it.each(range(0, 1))('InitProducerId v%i', async (v) => {
    for (const transactionalId of ['tx-1', null]) {
      const args = { transactionalId, transactionTimeout: 60000 };
      expect(await kafkajsBody(M.InitProducerIdRequest, 'initProducerId', v, args)).toStrictEqual({
        transactionalId,
        transactionTimeoutMs: 60000,
        producerId: -1n,
        producerEpoch: -1,
      });
    }
  });
});

describe('@platformatic/kafka 1.35.0 requests', () => {
  // createRequest returns a platformatic Writer holding the body only (no request header).
  const body = (w: P.Writer): Buffer => w.buffer;
  const zeroUuid = Buffer.alloc(16);

  it.each([9, 10, 12])('Metadata v%i', (v) => {
    const api = { 9: P.metadataV9, 10: P.metadataV10, 12: P.metadataV12 }[v as 9 | 10 | 12];
    const decoded = decodeAll(M.MetadataRequest, v, body(api.createRequest(['orders', 'payments'], false, true)));
    expect(decoded).toStrictEqual({
      topics: [
        { topicId: zeroUuid, name: 'orders' },
        { topicId: zeroUuid, name: 'payments' },
      ],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: true,
    });
    expect(decodeAll(M.MetadataRequest, v, body(api.createRequest(null))).topics).toBeNull();
  });

  it('Metadata v11: platformatic still writes the v8-10 cluster-operations flag (one trailing byte)', () => {
    const buf = body(P.metadataV11.createRequest(['orders'], true, false));
    const r = new Reader(buf);
    const decoded = codecFor(M.MetadataRequest, 11).decode(r);
    expect(decoded.topics).toStrictEqual([{ topicId: zeroUuid, name: 'orders' }]);
    expect(decoded.allowAutoTopicCreation).toBe(true);
    expect(r.remaining).toBe(1);
  });

  it.each([7, 8, 9])('Produce v%i', (v) => {
    const api = { 7: P.produceV7, 8: P.produceV8, 9: P.produceV9 }[v as 7 | 8 | 9];
    const msg = (topic: string, partition: number, key: string, value: string) => ({
      topic,
      partition,
      key: Buffer.from(key),
      value: Buffer.from(value),
      timestamp: 1_700_000_000_000n,
    });
    const buf = body(
      api.createRequest(
        -1,
        15000,
        [msg('orders', 2, 'k1', 'v1'), msg('orders', 2, 'k2', 'v2'), msg('audit', 0, 'k3', 'v3')],
        { transactionalId: 'tx-1' },
      ),
    );
    const decoded = decodeAll(M.ProduceRequest, v, buf);
    expect(decoded).toMatchObject({
      transactionalId: 'tx-1',
      acks: -1,
      timeoutMs: 15000,
      topicData: [
        { name: 'orders', partitionData: [{ index: 2 }] },
        { name: 'audit', partitionData: [{ index: 0 }] },
      ],
    });
    const batchesOf = (t: number) =>
      P.readRecordsBatches(P.Reader.from(pick(decoded, 'topicData', t, 'partitionData', 0, 'records') as Buffer));
    expect(batchesOf(0).flatMap((b) => keyValues(b.records))).toEqual([
      ['k1', 'v1'],
      ['k2', 'v2'],
    ]);
    expect(batchesOf(1).flatMap((b) => keyValues(b.records))).toEqual([['k3', 'v3']]);
  });

  it.each([12, 13])('Fetch v%i', (v) => {
    const api = v === 12 ? P.fetchV12 : P.fetchV13;
    const id = '00112233-4455-6677-8899-aabbccddeeff';
    const partitions = [
      { partition: 3, currentLeaderEpoch: 4, fetchOffset: 100n, lastFetchedEpoch: 2, partitionMaxBytes: 65536 },
    ];
    // v12 takes the topic name in `topicId`, v13 a real id. Its v12 writer puts a UUID in
    // forgotten_topics_data (the v13 shape), so only v13 gets forgotten topics here.
    const topic = v === 12 ? 'orders' : id;
    const forgotten = v === 12 ? [] : [{ topic: id, partitions: [1, 2] }];
    const buf = body(
      api.createRequest(500, 1, 1048576, 1, 7, 2, [{ topicId: topic, partitions }], forgotten, 'rack-a'),
    );
    const idBytes = v === 12 ? zeroUuid : Buffer.from(id.replaceAll('-', ''), 'hex');
    expect(decodeAll(M.FetchRequest, v, buf)).toStrictEqual({
      clusterId: null,
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 1048576,
      isolationLevel: 1,
      sessionId: 7,
      sessionEpoch: 2,
      topics: [
        {
          topic: v === 12 ? 'orders' : '',
          topicId: idBytes,
          partitions: [
            {
              partition: 3,
              currentLeaderEpoch: 4,
              fetchOffset: 100n,
              lastFetchedEpoch: 2,
              logStartOffset: -1n,
              partitionMaxBytes: 65536,
            },
          ],
        },
      ],
      forgottenTopicsData: v === 12 ? [] : [{ topic: '', topicId: idBytes, partitions: [1, 2] }],
      rackId: 'rack-a',
    });
  });

  it.each([5, 6, 7])('ListOffsets v%i', (v) => {
    const api = { 5: P.listOffsetsV5, 6: P.listOffsetsV6, 7: P.listOffsetsV7 }[v as 5 | 6 | 7];
    const topics = [
      {
        name: 'orders',
        partitions: [
          { partitionIndex: 0, currentLeaderEpoch: 3, timestamp: -1n },
          { partitionIndex: 1, currentLeaderEpoch: -1, timestamp: -3n },
        ],
      },
    ];
    expect(decodeAll(M.ListOffsetsRequest, v, body(api.createRequest(-1, 1, topics)))).toStrictEqual({
      replicaId: -1,
      isolationLevel: 1,
      topics: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 0, currentLeaderEpoch: 3, timestamp: -1n, maxNumOffsets: 1 },
            { partitionIndex: 1, currentLeaderEpoch: -1, timestamp: -3n, maxNumOffsets: 1 },
          ],
        },
      ],
    });
  });

  it.each([6, 7, 8, 9])('JoinGroup v%i', (v) => {
    const api = { 6: P.joinGroupV6, 7: P.joinGroupV7, 8: P.joinGroupV8, 9: P.joinGroupV9 }[v as 6 | 7 | 8 | 9];
    const protocols = [{ name: 'range', metadata: Buffer.from([1, 2, 3]) }, { name: 'cooperative-sticky' }];
    const buf = body(api.createRequest('g1', 45000, 300000, 'm-1', 'inst-1', 'consumer', protocols, 'rejoin'));
    expect(decodeAll(M.JoinGroupRequest, v, buf)).toStrictEqual({
      groupId: 'g1',
      sessionTimeoutMs: 45000,
      rebalanceTimeoutMs: 300000,
      memberId: 'm-1',
      groupInstanceId: 'inst-1',
      protocolType: 'consumer',
      protocols: [
        { name: 'range', metadata: Buffer.from([1, 2, 3]) },
        { name: 'cooperative-sticky', metadata: Buffer.alloc(0) },
      ],
      reason: v >= 8 ? 'rejoin' : null,
    });
  });

  it.each([4, 5])('SyncGroup v%i', (v) => {
    const api = { 4: P.syncGroupV4, 5: P.syncGroupV5 }[v as 4 | 5];
    const assignments = [{ memberId: 'm-1', assignment: Buffer.from('x') }];
    const buf = body(api.createRequest('g1', 7, 'm-1', null, 'consumer', 'range', assignments));
    expect(decodeAll(M.SyncGroupRequest, v, buf)).toStrictEqual({
      groupId: 'g1',
      generationId: 7,
      memberId: 'm-1',
      groupInstanceId: null,
      protocolType: v >= 5 ? 'consumer' : null,
      protocolName: v >= 5 ? 'range' : null,
      assignments: [{ memberId: 'm-1', assignment: Buffer.from('x') }],
    });
  });

  it('Heartbeat v4', () => {
    expect(decodeAll(M.HeartbeatRequest, 4, body(P.heartbeatV4.createRequest('g1', 7, 'm-1', 'inst-1')))).toStrictEqual(
      { groupId: 'g1', generationId: 7, memberId: 'm-1', groupInstanceId: 'inst-1' },
    );
  });

  it.each([4, 5])('LeaveGroup v%i', (v) => {
    const api = { 4: P.leaveGroupV4, 5: P.leaveGroupV5 }[v as 4 | 5];
    const members = [
      { memberId: 'm-1', groupInstanceId: null, reason: 'bye' },
      { memberId: 'm-2', groupInstanceId: 'inst-2', reason: null },
    ];
    expect(decodeAll(M.LeaveGroupRequest, v, body(api.createRequest('g1', members)))).toStrictEqual({
      groupId: 'g1',
      memberId: '',
      members: [
        { memberId: 'm-1', groupInstanceId: null, reason: v >= 5 ? 'bye' : null },
        { memberId: 'm-2', groupInstanceId: 'inst-2', reason: null },
      ],
    });
  });

  it('OffsetCommit v8', () => {
    const topics = [
      {
        name: 'orders',
        partitions: [
          { partitionIndex: 0, committedOffset: 42n, committedLeaderEpoch: 3, committedMetadata: 'meta' },
          { partitionIndex: 1, committedOffset: 0n, committedLeaderEpoch: -1, committedMetadata: null },
        ],
      },
    ];
    expect(
      decodeAll(M.OffsetCommitRequest, 8, body(P.offsetCommitV8.createRequest('g1', 7, 'm-1', null, topics))),
    ).toStrictEqual({
      groupId: 'g1',
      generationIdOrMemberEpoch: 7,
      memberId: 'm-1',
      groupInstanceId: null,
      retentionTimeMs: -1n,
      topics: [
        {
          name: 'orders',
          partitions: [
            {
              partitionIndex: 0,
              committedOffset: 42n,
              committedLeaderEpoch: 3,
              commitTimestamp: -1n,
              committedMetadata: 'meta',
            },
            {
              partitionIndex: 1,
              committedOffset: 0n,
              committedLeaderEpoch: -1,
              commitTimestamp: -1n,
              committedMetadata: null,
            },
          ],
        },
      ],
    });
  });

  it('OffsetFetch v8', () => {
    const groups = [
      { groupId: 'g1', memberEpoch: -1, topics: [{ name: 'orders', partitionIndexes: [0, 1] }] },
      { groupId: 'g2', memberEpoch: -1, topics: null },
    ];
    expect(decodeAll(M.OffsetFetchRequest, 8, body(P.offsetFetchV8.createRequest(groups, true)))).toStrictEqual({
      groupId: '',
      topics: [],
      groups: [
        { groupId: 'g1', topics: [{ name: 'orders', partitionIndexes: [0, 1] }] },
        { groupId: 'g2', topics: null },
      ],
      requireStable: true,
    });
  });

  it('CreateTopics v7', () => {
    const topics = [
      {
        name: 'orders',
        numPartitions: 3,
        replicationFactor: 1,
        assignments: [],
        configs: [
          { name: 'cleanup.policy', value: 'compact' },
          { name: 'retention.ms', value: null },
        ],
      },
      {
        name: 'manual',
        numPartitions: -1,
        replicationFactor: -1,
        assignments: [{ partitionIndex: 0, brokerIds: [1] }],
        configs: [],
      },
    ];
    expect(
      decodeAll(M.CreateTopicsRequest, 7, body(P.createTopicsV7.createRequest(topics, 30000, false))),
    ).toStrictEqual({
      topics: [
        { ...topics[0] },
        {
          name: 'manual',
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [{ partitionIndex: 0, brokerIds: [1] }],
          configs: [],
        },
      ],
      timeoutMs: 30000,
      validateOnly: false,
    });
  });

  it('DeleteTopics v6', () => {
    const id = '0123456789abcdef0123456789abcdef';
    const buf = body(P.deleteTopicsV6.createRequest([{ name: 'orders' }, { name: 'ids', topicId: id }], 15000));
    expect(decodeAll(M.DeleteTopicsRequest, 6, buf)).toStrictEqual({
      topics: [
        { name: 'orders', topicId: zeroUuid },
        { name: 'ids', topicId: Buffer.from(id, 'hex') },
      ],
      topicNames: [],
      timeoutMs: 15000,
    });
  });

  it('FindCoordinator v4', () => {
    expect(
      decodeAll(M.FindCoordinatorRequest, 4, body(P.findCoordinatorV4.createRequest(1, ['tx-1', 'tx-2']))),
    ).toStrictEqual({
      key: '',
      keyType: 1,
      coordinatorKeys: ['tx-1', 'tx-2'],
    });
  });

  it.each([3, 4])('InitProducerId v%i', (v) => {
    const api = { 3: P.initProducerIdV3, 4: P.initProducerIdV4 }[v as 3 | 4];
    expect(decodeAll(M.InitProducerIdRequest, v, body(api.createRequest('tx-1', 60000, 1234n, 5)))).toStrictEqual({
      transactionalId: 'tx-1',
      transactionTimeoutMs: 60000,
      producerId: 1234n,
      producerEpoch: 5,
    });
    expect(decodeAll(M.InitProducerIdRequest, v, body(api.createRequest(null, 0, -1n, -1))).transactionalId).toBeNull();
  });

  it('DescribeGroups v5', () => {
    expect(
      decodeAll(M.DescribeGroupsRequest, 5, body(P.describeGroupsV5.createRequest(['g1', 'g2'], true))),
    ).toStrictEqual({
      groups: ['g1', 'g2'],
      includeAuthorizedOperations: true,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Responses we encode are read correctly by the clients' own parsers
// ---------------------------------------------------------------------------------------------

describe('responses read by kafkajs 2.2.4', () => {
  it.each(range(0, 6))('Metadata v%i', async (v) => {
    const buf = encode(M.MetadataResponse, v, {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: 'broker-1', port: 9092, rack: 'rack-a' }],
      clusterId: 'cluster-x',
      controllerId: 1,
      topics: [
        {
          errorCode: 0,
          name: 'orders',
          isInternal: false,
          partitions: [
            {
              errorCode: 0,
              partitionIndex: 0,
              leaderId: 1,
              leaderEpoch: 4,
              replicaNodes: [1],
              isrNodes: [1],
              offlineReplicas: [],
            },
            {
              errorCode: 0,
              partitionIndex: 1,
              leaderId: 1,
              leaderEpoch: 4,
              replicaNodes: [1, 2],
              isrNodes: [1],
              offlineReplicas: [2],
            },
          ],
        },
      ],
    });
    const response = kjsResponse('metadata', v);
    const data = await response.parse(await response.decode(buf));
    expect(data).toMatchObject({
      brokers: [{ nodeId: 1, host: 'broker-1', port: 9092, ...(v >= 1 ? { rack: 'rack-a' } : {}) }],
      ...(v >= 1 ? { controllerId: 1 } : {}),
      ...(v >= 2 ? { clusterId: 'cluster-x' } : {}),
      topicMetadata: [
        {
          topicErrorCode: 0,
          topic: 'orders',
          ...(v >= 1 ? { isInternal: false } : {}),
          partitionMetadata: [
            { partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1], isr: [1] },
            {
              partitionErrorCode: 0,
              partitionId: 1,
              leader: 1,
              replicas: [1, 2],
              isr: [1],
              ...(v >= 5 ? { offlineReplicas: [2] } : {}),
            },
          ],
        },
      ],
    });
  });

  it.each(range(0, 11))('Fetch v%i (with records)', async (v) => {
    const entries = [
      { key: 'k1', value: 'v1', timestamp: 1_700_000_000_000 },
      { key: 'k2', value: 'v2', timestamp: 1_700_000_000_001 },
    ];
    const records =
      v >= 4
        ? (
            await kjsRecordBatch.RecordBatch({
              records: entries.map((e, i) => kjsRecord({ key: e.key, value: e.value, offsetDelta: i })),
              lastOffsetDelta: 1,
              firstTimestamp: entries[0]?.timestamp,
              maxTimestamp: entries[1]?.timestamp,
            })
          ).buffer
        : kjsMessageSet({ messageVersion: v >= 2 ? 1 : 0, compression: 0, entries }).buffer;
    const buf = encode(M.FetchResponse, v, {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 77,
      responses: [
        {
          topic: 'orders',
          partitions: [
            {
              partitionIndex: 2,
              errorCode: 0,
              highWatermark: 10n,
              lastStableOffset: 8n,
              logStartOffset: 0n,
              abortedTransactions: [{ producerId: 7n, firstOffset: 3n }],
              preferredReadReplica: -1,
              records,
            },
          ],
        },
      ],
    });
    const response = kjsResponse('fetch', v);
    const data = await response.parse(await response.decode(buf));
    if (v >= 7) expect(data).toMatchObject({ errorCode: 0, sessionId: 77 });
    const partition = pick(data, 'responses', 0, 'partitions', 0);
    expect(pick(data, 'responses', 0, 'topicName')).toBe('orders');
    expect(partition).toMatchObject({ partition: 2, errorCode: 0, highWatermark: '10' });
    if (v >= 4) {
      expect(partition).toMatchObject({
        lastStableOffset: '8',
        abortedTransactions: [{ producerId: '7', firstOffset: '3' }],
      });
    }
    if (v >= 11) expect(partition).toMatchObject({ preferredReadReplica: -1 });
    expect(keyValues(pick(partition, 'messages') as Array<{ key: Buffer; value: Buffer }>)).toEqual([
      ['k1', 'v1'],
      ['k2', 'v2'],
    ]);
  });

  it.each(range(0, 5))('JoinGroup v%i', async (v) => {
    const buf = encode(M.JoinGroupResponse, v, {
      throttleTimeMs: 0,
      errorCode: 0,
      generationId: 3,
      protocolName: 'RoundRobinAssigner',
      leader: 'm-1',
      memberId: 'm-2',
      members: [
        { memberId: 'm-1', groupInstanceId: 'inst-1', metadata: Buffer.from([1, 2, 3]) },
        { memberId: 'm-2', groupInstanceId: null, metadata: Buffer.alloc(0) },
      ],
    });
    const response = kjsResponse('joinGroup', v);
    expect(await response.parse(await response.decode(buf))).toMatchObject({
      errorCode: 0,
      generationId: 3,
      groupProtocol: 'RoundRobinAssigner',
      leaderId: 'm-1',
      memberId: 'm-2',
      members: [
        { memberId: 'm-1', memberMetadata: Buffer.from([1, 2, 3]), ...(v >= 5 ? { groupInstanceId: 'inst-1' } : {}) },
        { memberId: 'm-2', memberMetadata: Buffer.alloc(0), ...(v >= 5 ? { groupInstanceId: null } : {}) },
      ],
    });
  });

  it.each(range(1, 4))('OffsetFetch v%i', async (v) => {
    const buf = encode(M.OffsetFetchResponse, v, {
      throttleTimeMs: 0,
      topics: [
        {
          name: 'orders',
          partitions: [
            { partitionIndex: 0, committedOffset: 42n, metadata: 'meta', errorCode: 0 },
            { partitionIndex: 1, committedOffset: -1n, metadata: '', errorCode: 0 },
          ],
        },
      ],
      errorCode: 0,
    });
    const response = kjsResponse('offsetFetch', v);
    expect(await response.parse(await response.decode(buf))).toMatchObject({
      responses: [
        {
          topic: 'orders',
          partitions: [
            { partition: 0, offset: '42', metadata: 'meta', errorCode: 0 },
            { partition: 1, offset: '-1', metadata: '', errorCode: 0 },
          ],
        },
      ],
      ...(v >= 2 ? { errorCode: 0 } : {}),
    });
  });
});

describe('responses read by @platformatic/kafka 1.35.0', () => {
  const topicId = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

  it.each([9, 10, 11, 12])('Metadata v%i', (v) => {
    const api = { 9: P.metadataV9, 10: P.metadataV10, 11: P.metadataV11, 12: P.metadataV12 }[v as 9 | 10 | 11 | 12];
    const buf = encode(M.MetadataResponse, v, {
      throttleTimeMs: 5,
      brokers: [{ nodeId: 1, host: 'broker-1', port: 9092, rack: null }],
      clusterId: 'cluster-x',
      controllerId: 1,
      topics: [
        {
          errorCode: 0,
          name: 'orders',
          topicId,
          isInternal: false,
          partitions: [
            {
              errorCode: 0,
              partitionIndex: 0,
              leaderId: 1,
              leaderEpoch: 4,
              replicaNodes: [1],
              isrNodes: [1],
              offlineReplicas: [],
            },
          ],
          topicAuthorizedOperations: -2147483648,
        },
      ],
    });
    const parsed = api.parseResponse(1, 3, v, P.Reader.from(buf));
    expect(parsed).toMatchObject({
      throttleTimeMs: 5,
      brokers: [{ nodeId: 1, host: 'broker-1', port: 9092, rack: null }],
      clusterId: 'cluster-x',
      controllerId: 1,
      topics: [
        {
          errorCode: 0,
          name: 'orders',
          isInternal: false,
          partitions: [
            {
              errorCode: 0,
              partitionIndex: 0,
              leaderId: 1,
              leaderEpoch: 4,
              replicaNodes: [1],
              isrNodes: [1],
              offlineReplicas: [],
            },
          ],
          topicAuthorizedOperations: -2147483648,
          ...(v >= 10 ? { topicId: '00112233-4455-6677-8899-aabbccddeeff' } : {}),
        },
      ],
    });
  });

  it.each([12, 13])('Fetch v%i (with records)', (v) => {
    const records = P.createRecordsBatch([
      {
        topic: 'orders',
        partition: 0,
        key: Buffer.from('k1'),
        value: Buffer.from('v1'),
        timestamp: 1_700_000_000_000n,
      },
      {
        topic: 'orders',
        partition: 0,
        key: Buffer.from('k2'),
        value: Buffer.from('v2'),
        timestamp: 1_700_000_000_001n,
      },
    ]).buffer;
    const buf = encode(M.FetchResponse, v, {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 77,
      responses: [
        {
          topic: 'orders',
          topicId,
          partitions: [
            {
              partitionIndex: 0,
              errorCode: 0,
              highWatermark: 2n,
              lastStableOffset: 2n,
              logStartOffset: 0n,
              abortedTransactions: [{ producerId: 7n, firstOffset: 3n }],
              preferredReadReplica: -1,
              records,
            },
            // An empty partition: records null, no aborted transactions.
            {
              partitionIndex: 1,
              highWatermark: 0n,
              lastStableOffset: 0n,
              logStartOffset: 0n,
              abortedTransactions: null,
              records: null,
            },
          ],
        },
      ],
    });
    const parsed = (v === 12 ? P.fetchV12 : P.fetchV13).parseResponse(1, 1, v, P.Reader.from(buf));
    expect(parsed).toMatchObject({
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 77,
      responses: [
        {
          topicId: v === 12 ? 'orders' : '00112233-4455-6677-8899-aabbccddeeff',
          partitions: [
            {
              partitionIndex: 0,
              errorCode: 0,
              highWatermark: 2n,
              lastStableOffset: 2n,
              logStartOffset: 0n,
              abortedTransactions: [{ producerId: 7n, firstOffset: 3n }],
              preferredReadReplica: -1,
            },
            { partitionIndex: 1, highWatermark: 0n, abortedTransactions: [], preferredReadReplica: -1 },
          ],
        },
      ],
    });
    const batches = pick(parsed, 'responses', 0, 'partitions', 0, 'records') as P.RecordsBatch[];
    expect(batches.flatMap((b) => keyValues(b.records))).toEqual([
      ['k1', 'v1'],
      ['k2', 'v2'],
    ]);
    expect(pick(parsed, 'responses', 0, 'partitions', 1, 'records')).toBeUndefined();
  });

  it.each([6, 7, 8, 9])('JoinGroup v%i', (v) => {
    const api = { 6: P.joinGroupV6, 7: P.joinGroupV7, 8: P.joinGroupV8, 9: P.joinGroupV9 }[v as 6 | 7 | 8 | 9];
    const buf = encode(M.JoinGroupResponse, v, {
      throttleTimeMs: 0,
      errorCode: 0,
      generationId: 3,
      protocolType: 'consumer',
      protocolName: 'range',
      leader: 'm-1',
      skipAssignment: false,
      memberId: 'm-1',
      members: [
        { memberId: 'm-1', groupInstanceId: 'inst-1', metadata: Buffer.from([1, 2, 3]) },
        { memberId: 'm-2', groupInstanceId: null, metadata: Buffer.from([4]) },
      ],
    });
    expect(api.parseResponse(1, 11, v, P.Reader.from(buf))).toMatchObject({
      throttleTimeMs: 0,
      errorCode: 0,
      generationId: 3,
      protocolName: 'range',
      leader: 'm-1',
      memberId: 'm-1',
      skipAssignment: false,
      members: [
        { memberId: 'm-1', groupInstanceId: 'inst-1', metadata: Buffer.from([1, 2, 3]) },
        { memberId: 'm-2', groupInstanceId: null, metadata: Buffer.from([4]) },
      ],
      ...(v >= 7 ? { protocolType: 'consumer' } : {}),
    });
  });

  it('OffsetFetch v8', () => {
    const buf = encode(M.OffsetFetchResponse, 8, {
      throttleTimeMs: 0,
      groups: [
        {
          groupId: 'g1',
          topics: [
            {
              name: 'orders',
              partitions: [
                { partitionIndex: 0, committedOffset: 42n, committedLeaderEpoch: 3, metadata: 'meta', errorCode: 0 },
                { partitionIndex: 1, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
              ],
            },
          ],
          errorCode: 0,
        },
        { groupId: 'g2', topics: [], errorCode: 0 },
      ],
    });
    expect(P.offsetFetchV8.parseResponse(1, 9, 8, P.Reader.from(buf))).toStrictEqual({
      throttleTimeMs: 0,
      groups: [
        {
          groupId: 'g1',
          topics: [
            {
              name: 'orders',
              partitions: [
                { partitionIndex: 0, committedOffset: 42n, committedLeaderEpoch: 3, metadata: 'meta', errorCode: 0 },
                { partitionIndex: 1, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
              ],
            },
          ],
          errorCode: 0,
        },
        { groupId: 'g2', topics: [], errorCode: 0 },
      ],
    });
  });
});
