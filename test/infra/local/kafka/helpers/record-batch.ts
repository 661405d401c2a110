import { gunzipSync, gzipSync } from 'node:zlib';
import { crc32c } from '../../../../../infra/local/kafka/log/crc32c.js';
import { Reader } from '../../../../../infra/local/kafka/protocol/reader.js';
import { Writer } from '../../../../../infra/local/kafka/protocol/writer.js';

/**
 * Minimal Kafka RecordBatch v2 encoder/decoder for tests (compression: none or
 * gzip). encodeRecordBatch produces exactly what a producer sends in the
 * `records` field of a Produce request, with a correct CRC-32C.
 */

export type Bytes = Buffer | string | null;

export interface TestHeader {
  key: string;
  value: Bytes;
}

export interface TestRecord {
  key?: Bytes;
  value: Bytes;
  /** Defaults to the batch's baseTimestamp. */
  timestamp?: number;
  headers?: TestHeader[];
}

export interface EncodeRecordBatchOptions {
  records: TestRecord[];
  /** Producers send 0; the broker assigns the real one. */
  baseOffset?: bigint;
  /** -1n (default) = not idempotent. */
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  /** 0 = none (default), 1 = gzip. */
  compression?: 0 | 1;
  /** Defaults to the first record's timestamp, else Date.now(). */
  baseTimestamp?: number;
  transactional?: boolean;
  control?: boolean;
  partitionLeaderEpoch?: number;
}

function toBuffer(b: Bytes | undefined): Buffer | null {
  if (b === null || b === undefined) return null;
  return typeof b === 'string' ? Buffer.from(b) : b;
}

function writeBytes(w: Writer, b: Buffer | null): void {
  if (b === null) {
    w.varint(-1);
  } else {
    w.varint(b.length);
    w.raw(b);
  }
}

export function encodeRecordBatch(opts: EncodeRecordBatchOptions): Buffer {
  const records = opts.records;
  const baseTimestamp = opts.baseTimestamp ?? records[0]?.timestamp ?? Date.now();
  let maxTimestamp = baseTimestamp;
  const body = new Writer(1024);
  records.forEach((record, i) => {
    const timestamp = record.timestamp ?? baseTimestamp;
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    const r = new Writer(128);
    r.int8(0);
    r.varlong(timestamp - baseTimestamp);
    r.varint(i);
    writeBytes(r, toBuffer(record.key));
    writeBytes(r, toBuffer(record.value));
    const headers = record.headers ?? [];
    r.varint(headers.length);
    for (const h of headers) {
      const key = Buffer.from(h.key);
      r.varint(key.length);
      r.raw(key);
      writeBytes(r, toBuffer(h.value));
    }
    const encoded = r.toBuffer();
    body.varint(encoded.length);
    body.raw(encoded);
  });
  let recordsBytes = body.toBuffer();
  const compression = opts.compression ?? 0;
  if (compression === 1) recordsBytes = gzipSync(recordsBytes);

  let attributes = compression;
  if (opts.transactional) attributes |= 0x10;
  if (opts.control) attributes |= 0x20;

  const header = Buffer.alloc(61);
  header.writeBigInt64BE(opts.baseOffset ?? 0n, 0);
  header.writeInt32BE(61 - 12 + recordsBytes.length, 8);
  header.writeInt32BE(opts.partitionLeaderEpoch ?? -1, 12);
  header.writeInt8(2, 16);
  header.writeInt16BE(attributes, 21);
  header.writeInt32BE(records.length - 1, 23);
  header.writeBigInt64BE(BigInt(baseTimestamp), 27);
  header.writeBigInt64BE(BigInt(maxTimestamp), 35);
  header.writeBigInt64BE(opts.producerId ?? -1n, 43);
  header.writeInt16BE(opts.producerEpoch ?? -1, 51);
  header.writeInt32BE(opts.baseSequence ?? -1, 53);
  header.writeInt32BE(records.length, 57);
  const batch = Buffer.concat([header, recordsBytes]);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}

export interface DecodedRecord {
  offset: bigint;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

export interface DecodedBatch {
  baseOffset: bigint;
  partitionLeaderEpoch: number;
  attributes: number;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  crcValid: boolean;
  records: DecodedRecord[];
}

function readBytes(r: Reader): Buffer | null {
  const n = r.varint();
  return n < 0 ? null : r.bytes(n);
}

/** Decodes stored/fetched batches (back to back, possibly split over chunks). */
export function decodeRecordBatches(data: Buffer | Buffer[]): DecodedBatch[] {
  const buf = Array.isArray(data) ? Buffer.concat(data) : data;
  const out: DecodedBatch[] = [];
  let at = 0;
  while (at + 12 <= buf.length) {
    const size = 12 + buf.readInt32BE(at + 8);
    if (at + size > buf.length) break; // partial trailing batch (Fetch may cut one)
    const batch = buf.subarray(at, at + size);
    const attributes = batch.readInt16BE(21);
    const baseOffset = batch.readBigInt64BE(0);
    const baseTimestamp = Number(batch.readBigInt64BE(27));
    const count = batch.readInt32BE(57);
    let data2 = batch.subarray(61);
    if ((attributes & 7) === 1) data2 = gunzipSync(data2);
    else if ((attributes & 7) !== 0) throw new Error(`test decoder: unsupported compression ${attributes & 7}`);
    const r = new Reader(data2);
    const records: DecodedRecord[] = [];
    for (let i = 0; i < count; i++) {
      const length = r.varint();
      const end = r.offset + length;
      r.int8();
      const timestampDelta = r.varlong();
      const offsetDelta = r.varint();
      const key = readBytes(r);
      const value = readBytes(r);
      const headerCount = r.varint();
      const headers: { key: string; value: Buffer | null }[] = [];
      for (let h = 0; h < headerCount; h++) {
        const keyLength = r.varint();
        const hk = r.utf8(keyLength);
        headers.push({ key: hk, value: readBytes(r) });
      }
      r.offset = end;
      records.push({
        offset: baseOffset + BigInt(offsetDelta),
        timestamp: baseTimestamp + timestampDelta,
        key,
        value,
        headers,
      });
    }
    out.push({
      baseOffset,
      partitionLeaderEpoch: batch.readInt32BE(12),
      attributes,
      producerId: batch.readBigInt64BE(43),
      producerEpoch: batch.readInt16BE(51),
      baseSequence: batch.readInt32BE(53),
      crcValid: crc32c(batch, 21) === batch.readUInt32BE(17),
      records,
    });
    at += size;
  }
  return out;
}

/** Values of every decoded record, as UTF-8 strings. */
export function decodeValues(data: Buffer | Buffer[]): string[] {
  return decodeRecordBatches(data).flatMap((b) => b.records.map((r) => r.value?.toString() ?? ''));
}
