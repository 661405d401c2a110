import { gunzipSync } from 'node:zlib';
import { ErrorCode, KafkaError } from '../protocol/errors.js';
import { Reader } from '../protocol/reader.js';
import { crc32c } from './crc32c.js';

/**
 * Kafka RecordBatch v2 ("magic 2") header layout. The broker never rewrites a
 * batch's records: it only stamps the two header fields that the CRC does not
 * cover (baseOffset and partitionLeaderEpoch), so compressed batches are stored
 * and served exactly as the producer built them.
 *
 *   0  baseOffset int64          27 baseTimestamp int64
 *   8  batchLength int32         35 maxTimestamp int64
 *  12  partitionLeaderEpoch int32 43 producerId int64
 *  16  magic int8                51 producerEpoch int16
 *  17  crc uint32 (CRC-32C of 21..end) 53 baseSequence int32
 *  21  attributes int16          57 recordCount int32
 *  23  lastOffsetDelta int32     61 records...
 */
export const BATCH_OFFSETS = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordCount: 57,
  records: 61,
} as const;

/** baseOffset + batchLength: the bytes before the part that batchLength counts. */
export const LOG_OVERHEAD = 12;
/** Size of a v2 batch header (a batch with no records). */
export const BATCH_HEADER_SIZE = 61;
export const CURRENT_MAGIC = 2;

export const Compression = { NONE: 0, GZIP: 1, SNAPPY: 2, LZ4: 3, ZSTD: 4 } as const;
export type Compression = (typeof Compression)[keyof typeof Compression];

const COMPRESSION_MASK = 0x07;
const TIMESTAMP_TYPE_BIT = 0x08;
const TRANSACTIONAL_BIT = 0x10;
const CONTROL_BIT = 0x20;
const INT32_MAX = 0x7fffffff;

/** Reads a big-endian int64 as a number (exact below 2^53: offsets, timestamps). */
export function readInt64Number(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
}

/** Writes a number (|v| < 2^53) as a big-endian int64. */
export function writeInt64Number(buf: Buffer, value: number, at: number): void {
  const hi = Math.floor(value / 4294967296);
  buf.writeInt32BE(hi, at);
  buf.writeUInt32BE(value - hi * 4294967296, at + 4);
}

/**
 * A validated record batch. Fields are read from {@link buffer} on access, so a
 * view is free to create and always reflects {@link setBaseOffset}.
 */
export class BatchView {
  /** The whole batch, baseOffset through the last record. */
  readonly buffer: Buffer;

  constructor(buffer: Buffer) {
    this.buffer = buffer;
  }

  get sizeInBytes(): number {
    return this.buffer.length;
  }
  get baseOffset(): bigint {
    return this.buffer.readBigInt64BE(0);
  }
  get lastOffset(): bigint {
    return this.baseOffset + BigInt(this.lastOffsetDelta);
  }
  get batchLength(): number {
    return this.buffer.readInt32BE(8);
  }
  get partitionLeaderEpoch(): number {
    return this.buffer.readInt32BE(12);
  }
  get magic(): number {
    return this.buffer.readInt8(16);
  }
  get crc(): number {
    return this.buffer.readUInt32BE(17);
  }
  get attributes(): number {
    return this.buffer.readInt16BE(21);
  }
  get compression(): number {
    return this.buffer[22]! & COMPRESSION_MASK;
  }
  /** 0 = CreateTime, 1 = LogAppendTime. */
  get timestampType(): number {
    return this.buffer[22]! & TIMESTAMP_TYPE_BIT ? 1 : 0;
  }
  get isTransactional(): boolean {
    return (this.buffer[22]! & TRANSACTIONAL_BIT) !== 0;
  }
  get isControl(): boolean {
    return (this.buffer[22]! & CONTROL_BIT) !== 0;
  }
  get lastOffsetDelta(): number {
    return this.buffer.readInt32BE(23);
  }
  get baseTimestamp(): bigint {
    return this.buffer.readBigInt64BE(27);
  }
  get maxTimestamp(): bigint {
    return this.buffer.readBigInt64BE(35);
  }
  /** maxTimestamp as a number (milliseconds fit a double exactly). */
  get maxTimestampMs(): number {
    return readInt64Number(this.buffer, 35);
  }
  get producerId(): bigint {
    return this.buffer.readBigInt64BE(43);
  }
  /** producerId >= 0 (cheap: no bigint when the batch is not idempotent). */
  get hasProducerId(): boolean {
    return this.buffer.readInt32BE(43) >= 0;
  }
  get producerEpoch(): number {
    return this.buffer.readInt16BE(51);
  }
  get baseSequence(): number {
    return this.buffer.readInt32BE(53);
  }
  /** Sequence of the last record, wrapping past int32 max to 0 like Kafka. */
  get lastSequence(): number {
    return incrementSequence(this.baseSequence, this.lastOffsetDelta);
  }
  get recordCount(): number {
    return this.buffer.readInt32BE(57);
  }
}

/** `sequence + increment` with Kafka's wraparound from int32 max to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > INT32_MAX - increment) return increment - (INT32_MAX - sequence) - 1;
  return sequence + increment;
}

/** Why {@link checkBatchAt} rejected the bytes at a position, or null when a valid batch is there. */
export type BatchProblem = { code: ErrorCode; message: string };

/**
 * Checks that a complete, CRC-valid magic-2 batch starts at `at` and ends by
 * `end`. Returns the batch's total size (LOG_OVERHEAD + batchLength), or the problem.
 */
export function checkBatchAt(buf: Buffer, at: number, end: number): number | BatchProblem {
  const left = end - at;
  if (left < 17) {
    return { code: ErrorCode.CORRUPT_MESSAGE, message: `record batch truncated: ${left} bytes at ${at}` };
  }
  const magic = buf.readInt8(at + 16);
  if (magic !== CURRENT_MAGIC) {
    return {
      code: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
      message: `record batch magic ${magic} is not supported (only magic 2)`,
    };
  }
  const batchLength = buf.readInt32BE(at + 8);
  if (batchLength < BATCH_HEADER_SIZE - LOG_OVERHEAD) {
    return { code: ErrorCode.CORRUPT_MESSAGE, message: `record batch length ${batchLength} is too small` };
  }
  const size = LOG_OVERHEAD + batchLength;
  if (size > left) {
    return {
      code: ErrorCode.CORRUPT_MESSAGE,
      message: `record batch truncated: length ${batchLength} but ${left - LOG_OVERHEAD} bytes left`,
    };
  }
  const stored = buf.readUInt32BE(at + 17);
  const computed = crc32c(buf, at + 21, at + size);
  if (stored !== computed) {
    return {
      code: ErrorCode.CORRUPT_MESSAGE,
      message: `record batch CRC mismatch: stored ${stored.toString(16)}, computed ${computed.toString(16)}`,
    };
  }
  return size;
}

/**
 * Splits a produce request's `records` bytes into batches, checking each
 * batch's length and CRC. Throws KafkaError(CORRUPT_MESSAGE) on truncation, a
 * bad length or a bad CRC, KafkaError(UNSUPPORTED_FOR_MESSAGE_FORMAT) for magic
 * other than 2. The views share memory with `records`.
 */
export function splitBatches(records: Buffer): BatchView[] {
  const views: BatchView[] = [];
  const end = records.length;
  let at = 0;
  while (at < end) {
    const size = checkBatchAt(records, at, end);
    if (typeof size !== 'number') throw new KafkaError(size.code, size.message);
    views.push(new BatchView(records.subarray(at, at + size)));
    at += size;
  }
  return views;
}

/**
 * The checks Kafka's LogValidator applies to batches coming from clients
 * (beyond structure and CRC). Throws KafkaError(INVALID_RECORD).
 */
export function validateProducedBatch(batch: BatchView): void {
  const flags = batch.buffer[22]!;
  if (flags & TRANSACTIONAL_BIT) {
    throw new KafkaError(
      ErrorCode.INVALID_RECORD,
      'transactions are not supported by this broker (transactional record batch rejected)',
    );
  }
  if (flags & CONTROL_BIT) {
    throw new KafkaError(ErrorCode.INVALID_RECORD, 'clients are not allowed to write control records');
  }
  if ((flags & COMPRESSION_MASK) > Compression.ZSTD) {
    throw new KafkaError(ErrorCode.INVALID_RECORD, `unknown compression codec ${flags & COMPRESSION_MASK}`);
  }
  const count = batch.recordCount;
  const lastOffsetDelta = batch.lastOffsetDelta;
  if (count <= 0 || lastOffsetDelta < 0 || lastOffsetDelta + 1 !== count) {
    throw new KafkaError(
      ErrorCode.INVALID_RECORD,
      `inconsistent record batch: recordCount ${count}, lastOffsetDelta ${lastOffsetDelta}`,
    );
  }
  if (batch.hasProducerId && batch.baseSequence < 0) {
    throw new KafkaError(ErrorCode.INVALID_RECORD, `invalid sequence number ${batch.baseSequence}`);
  }
}

/** Rewrites a stored batch's baseOffset in place (the CRC does not cover it). */
export function setBaseOffset(buf: Buffer, offset: bigint | number): void {
  if (typeof offset === 'number') writeInt64Number(buf, offset, 0);
  else buf.writeBigInt64BE(offset, 0);
}

/** Rewrites a stored batch's partitionLeaderEpoch in place (not covered by the CRC either). */
export function setPartitionLeaderEpoch(buf: Buffer, epoch: number): void {
  buf.writeInt32BE(epoch, 12);
}

export interface RecordTimestamp {
  offsetDelta: number;
  /** Record timestamp in milliseconds (CreateTime: baseTimestamp + timestampDelta). */
  timestamp: number;
}

/**
 * Per-record (offsetDelta, timestamp) of a batch, for ListOffsets by timestamp.
 * Decodes uncompressed and gzip batches; returns null for snappy, lz4 and zstd
 * (callers fall back to batch granularity) and for records that do not parse.
 * For LogAppendTime batches every record carries the batch's maxTimestamp.
 */
export function recordTimestamps(batch: BatchView): RecordTimestamp[] | null {
  const buf = batch.buffer;
  const count = batch.recordCount;
  const logAppendTime = batch.timestampType === 1;
  const baseTimestamp = readInt64Number(buf, 27);
  const maxTimestamp = readInt64Number(buf, 35);
  let data: Buffer;
  let start: number;
  switch (batch.compression) {
    case Compression.NONE:
      data = buf;
      start = BATCH_HEADER_SIZE;
      break;
    case Compression.GZIP:
      try {
        data = gunzipSync(buf.subarray(BATCH_HEADER_SIZE));
      } catch {
        return null;
      }
      start = 0;
      break;
    default:
      return null;
  }
  const out: RecordTimestamp[] = [];
  try {
    const r = new Reader(data, start);
    for (let i = 0; i < count; i++) {
      const length = r.varint();
      if (length < 0) return null;
      const recordEnd = r.offset + length;
      r.skip(1); // attributes
      const timestampDelta = r.varlong();
      const offsetDelta = r.varint();
      out.push({ offsetDelta, timestamp: logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta });
      if (recordEnd > r.end) return null;
      r.offset = recordEnd; // key, value and headers are not needed
    }
  } catch {
    return null;
  }
  return out;
}
