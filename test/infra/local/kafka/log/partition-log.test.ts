import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartitionLog, type PartitionLogOptions } from '../../../../../infra/local/kafka/log/partition-log.js';
import { ErrorCode, KafkaError } from '../../../../../infra/local/kafka/protocol/errors.js';
import {
  decodeRecordBatches,
  decodeValues,
  type EncodeRecordBatchOptions,
  encodeRecordBatch,
} from '../helpers/record-batch.js';

const MB = 1 << 20;

function batch(values: string[], opts: Omit<EncodeRecordBatchOptions, 'records'> = {}): Buffer {
  return encodeRecordBatch({ records: values.map((value) => ({ value })), ...opts });
}

function idempotent(values: string[], producerId: bigint, producerEpoch: number, baseSequence: number): Buffer {
  return batch(values, { producerId, producerEpoch, baseSequence });
}

async function codeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof KafkaError) return err.code;
    throw err;
  }
  return undefined;
}

async function readValues(log: PartitionLog, from = log.logStartOffset): Promise<string[]> {
  const { chunks } = await log.read(from, 64 * MB);
  return decodeValues(chunks);
}

describe.each([
  ['in memory', false],
  ['on disk', true],
])('PartitionLog %s', (_mode, onDisk) => {
  let root: string;
  const logs: PartitionLog[] = [];

  async function openLog(opts: Partial<PartitionLogOptions> = {}): Promise<PartitionLog> {
    const log = await PartitionLog.open({
      dir: onDisk ? path.join(root, 'p0') : null,
      segmentBytes: 1 << 30,
      retentionBytes: -1,
      retentionMs: -1,
      ...opts,
    });
    logs.push(log);
    return log;
  }

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'tandem-log-'));
  });
  afterEach(async () => {
    await Promise.all(logs.splice(0).map((l) => l.close()));
    await rm(root, { recursive: true, force: true });
  });

  it('assigns sequential offsets and reads back whole batches', async () => {
    // Prepare
    const log = await openLog();
    const input = batch(['a', 'b']);
    const copy = Buffer.from(input);

    // Act
    const r1 = await log.append(input, Date.now());
    const r2 = await log.append(batch(['c']), Date.now());
    const r3 = await log.append(batch(['d', 'e', 'f']), Date.now());
    const all = await log.read(0n, MB);
    const fromMiddle = await log.read(4n, MB);

    // Assess
    expect([r1.baseOffset, r2.baseOffset, r3.baseOffset]).toEqual([0n, 2n, 3n]);
    expect(r1.logAppendTimeMs).toBe(-1n);
    expect(r1.logStartOffset).toBe(0n);
    expect(log.logStartOffset).toBe(0n);
    expect(log.logEndOffset).toBe(6n);
    expect(input.equals(copy)).toBe(true); // the caller's buffer is not stamped
    const decoded = decodeRecordBatches(all.chunks);
    expect(decoded.map((b) => b.baseOffset)).toEqual([0n, 2n, 3n]);
    expect(decoded.every((b) => b.crcValid && b.partitionLeaderEpoch === 0)).toBe(true);
    expect(decoded.flatMap((b) => b.records.map((r) => `${r.offset}:${r.value}`))).toEqual([
      '0:a',
      '1:b',
      '2:c',
      '3:d',
      '4:e',
      '5:f',
    ]);
    expect(all.bytes).toBe(all.chunks.reduce((n, c) => n + c.length, 0));
    expect(decodeValues(fromMiddle.chunks)).toEqual(['d', 'e', 'f']); // the batch holding offset 4
  });

  it('returns at least one whole batch, then only batches that fit maxBytes', async () => {
    // Prepare
    const log = await openLog();
    const sizes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const b = batch([`value-${i}`.repeat(10)]);
      sizes.push(b.length);
      await log.append(b, Date.now());
    }

    // Act
    const tiny = await log.read(0n, 1);
    const two = await log.read(1n, sizes[1]! + sizes[2]! + 1);
    const exact = await log.read(0n, sizes[0]! + sizes[1]!);

    // Assess
    expect(tiny.bytes).toBe(sizes[0]);
    expect(decodeValues(tiny.chunks)).toHaveLength(1);
    expect(two.bytes).toBe(sizes[1]! + sizes[2]!);
    expect(decodeRecordBatches(two.chunks).map((b) => b.baseOffset)).toEqual([1n, 2n]);
    expect(exact.bytes).toBe(sizes[0]! + sizes[1]!);
  });

  it('answers OFFSET_OUT_OF_RANGE outside [logStartOffset, logEndOffset] and nothing at the end', async () => {
    // Prepare
    const log = await openLog();
    await log.append(batch(['a', 'b']), Date.now());

    // Act
    const atEnd = await log.read(2n, MB);
    const past = await codeOf(log.read(3n, MB));
    const negative = await codeOf(log.read(-1n, MB));

    // Assess
    expect(atEnd).toEqual({ chunks: [], bytes: 0 });
    expect(past).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(negative).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  it('rejects corrupt and invalid input all-or-nothing', async () => {
    // Prepare
    const log = await openLog();
    const corrupt = batch(['payload']);
    corrupt[corrupt.length - 2]! ^= 0x01;
    const transactional = batch(['t'], { producerId: 1n, producerEpoch: 0, baseSequence: 0, transactional: true });

    // Act
    const codes = [
      await codeOf(log.append(corrupt, Date.now())),
      await codeOf(log.append(Buffer.concat([batch(['ok']), corrupt]), Date.now())),
      await codeOf(log.append(Buffer.concat([batch(['ok']), transactional]), Date.now())),
      await codeOf(log.append(Buffer.alloc(0), Date.now())),
    ];

    // Assess
    expect(codes).toEqual([
      ErrorCode.CORRUPT_MESSAGE,
      ErrorCode.CORRUPT_MESSAGE,
      ErrorCode.INVALID_RECORD,
      ErrorCode.INVALID_RECORD,
    ]);
    expect(log.logEndOffset).toBe(0n);
    expect(log.sizeBytes).toBe(0);
  });

  it('rolls segments and deletes the oldest ones by size, keeping at least retention.bytes', async () => {
    // Prepare
    const size = batch(['v0']).length;
    const log = await openLog({ segmentBytes: 2 * size }); // two batches a segment
    for (let i = 0; i < 10; i++) await log.append(batch([`v${i}`]), Date.now());
    log.retentionBytes = 4 * size;

    // Act
    const segmentsBefore = log.segmentCount;
    const deleted = await log.applyRetention(Date.now());

    // Assess
    expect(segmentsBefore).toBe(5);
    expect(deleted).toBe(3);
    expect(log.segmentCount).toBe(2);
    expect(log.logStartOffset).toBe(6n);
    expect(log.sizeBytes).toBe(4 * size);
    expect(await codeOf(log.read(5n, MB))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(await readValues(log)).toEqual(['v6', 'v7', 'v8', 'v9']);
    if (onDisk)
      expect((await readdir(path.join(root, 'p0'))).sort()).toEqual([
        '00000000000000000006.log',
        '00000000000000000008.log',
      ]);
  });

  it('deletes segments whose newest record is older than retention.ms, never the active one', async () => {
    // Prepare
    const now = Date.now();
    const hour = 3_600_000;
    const size = batch(['v0'], { baseTimestamp: now }).length;
    const log = await openLog({ segmentBytes: 2 * size, retentionMs: hour });
    for (let i = 0; i < 4; i++) await log.append(batch([`v${i}`], { baseTimestamp: now - 10 * hour }), now);
    for (let i = 4; i < 6; i++) await log.append(batch([`v${i}`], { baseTimestamp: now }), now);

    // Act
    const first = await log.applyRetention(now);
    const second = await log.applyRetention(now + 5 * hour);

    // Assess
    expect(first).toBe(2);
    expect(second).toBe(0); // only the active segment is left
    expect(log.logStartOffset).toBe(4n);
    expect(log.logEndOffset).toBe(6n);
    expect(await readValues(log)).toEqual(['v4', 'v5']);
  });

  it('recognises an idempotent retry and returns the original offset without storing it twice', async () => {
    // Prepare
    const log = await openLog();
    const pid = 42n;
    const first = idempotent(['a', 'b', 'c'], pid, 0, 0);
    await log.append(first, Date.now());
    await log.append(idempotent(['d'], pid, 0, 3), Date.now());

    // Act
    const retry = await log.append(first, Date.now());
    const retrySecond = await log.append(idempotent(['d'], pid, 0, 3), Date.now());
    const next = await log.append(idempotent(['e'], pid, 0, 4), Date.now());

    // Assess
    expect(retry).toMatchObject({ baseOffset: 0n, duplicate: true });
    expect(retrySecond).toMatchObject({ baseOffset: 3n, duplicate: true });
    expect(next.baseOffset).toBe(4n);
    expect(next.duplicate).toBeUndefined();
    expect(await readValues(log)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('rejects out-of-order sequences and fenced epochs, accepts a new epoch from 0 and unknown producers', async () => {
    // Prepare
    const log = await openLog();
    await log.append(idempotent(['a', 'b'], 1n, 0, 0), Date.now());

    // Act
    const gap = await codeOf(log.append(idempotent(['x'], 1n, 0, 5), Date.now()));
    const bumped = await log.append(idempotent(['c'], 1n, 1, 0), Date.now());
    const fenced = await codeOf(log.append(idempotent(['x'], 1n, 0, 2), Date.now()));
    const newEpochNotZero = await codeOf(log.append(idempotent(['x'], 1n, 2, 1), Date.now()));
    const inOrder = await log.append(idempotent(['d'], 1n, 1, 1), Date.now());
    const unknown = await log.append(idempotent(['e'], 2n, 0, 77), Date.now());
    const unknownNext = await codeOf(log.append(idempotent(['x'], 2n, 0, 79), Date.now()));

    // Assess
    expect(gap).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(bumped.baseOffset).toBe(2n);
    expect(fenced).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(newEpochNotZero).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(inOrder.baseOffset).toBe(3n);
    expect(unknown.baseOffset).toBe(4n);
    expect(unknownNext).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(await readValues(log)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('wraps sequences past int32 max to 0', async () => {
    // Prepare
    const log = await openLog();
    await log.append(idempotent(['a', 'b'], 5n, 0, 2147483646), Date.now());

    // Act
    const next = await log.append(idempotent(['c'], 5n, 0, 0), Date.now());

    // Assess
    expect(next.baseOffset).toBe(2n);
  });

  it('finds the earliest offset at or after a timestamp, exactly within uncompressed and gzip batches', async () => {
    // Prepare
    const log = await openLog();
    await log.append(encodeRecordBatch({ records: [{ value: 'a', timestamp: 500 }] }), Date.now());
    await log.append(
      encodeRecordBatch({
        records: [1000, 1010, 1030, 1020].map((timestamp) => ({ value: `t${timestamp}`, timestamp })),
      }),
      Date.now(),
    );
    await log.append(
      encodeRecordBatch({
        records: [2000, 2500, 2100].map((timestamp) => ({ value: 'g', timestamp })),
        compression: 1,
      }),
      Date.now(),
    );

    // Act
    const beforeAll = await log.offsetForTimestamp(0n);
    const inside = await log.offsetForTimestamp(1015n);
    const exact = await log.offsetForTimestamp(1010n);
    const gzip = await log.offsetForTimestamp(2050n);
    const none = await log.offsetForTimestamp(3000n);
    const max = await log.maxTimestampOffset();

    // Assess
    expect(beforeAll).toEqual({ offset: 0n, timestamp: 500n });
    expect(inside).toEqual({ offset: 3n, timestamp: 1030n });
    expect(exact).toEqual({ offset: 2n, timestamp: 1010n });
    expect(gzip).toEqual({ offset: 6n, timestamp: 2500n });
    expect(none).toBeNull();
    expect(max).toEqual({ offset: 6n, timestamp: 2500n });
  });

  it('emits append after the log end offset moved', async () => {
    // Prepare
    const log = await openLog();
    const seen: bigint[] = [];
    const off = log.onAppend(() => seen.push(log.logEndOffset));
    let viaOn = 0;
    log.on('append', () => viaOn++);

    // Act
    await log.append(batch(['a']), Date.now());
    off();
    await log.append(batch(['b']), Date.now());

    // Assess
    expect(seen).toEqual([1n]);
    expect(viaOn).toBe(2);
  });

  it('serializes concurrent appends in call order across segment rolls', async () => {
    // Prepare
    const size = batch(['v00']).length;
    const log = await openLog({ segmentBytes: 3 * size });
    const values = Array.from({ length: 40 }, (_, i) => `v${String(i).padStart(2, '0')}`);

    // Act
    const results = await Promise.all(values.map((v) => log.append(batch([v]), Date.now())));

    // Assess
    expect(results.map((r) => r.baseOffset)).toEqual(values.map((_, i) => BigInt(i)));
    expect(log.logEndOffset).toBe(40n);
    expect(log.segmentCount).toBe(14);
    expect(await readValues(log)).toEqual(values);
  });

  it('detects a retry that arrives while the original is still being written', async () => {
    // Prepare
    const log = await openLog();
    const original = idempotent(['a', 'b'], 9n, 0, 0);

    // Act
    const [first, retry, next] = await Promise.all([
      log.append(original, Date.now()),
      log.append(original, Date.now()),
      log.append(idempotent(['c'], 9n, 0, 2), Date.now()),
    ]);

    // Assess
    expect(first).toEqual({ baseOffset: 0n, logAppendTimeMs: -1n, logStartOffset: 0n });
    expect(retry).toMatchObject({ baseOffset: 0n, duplicate: true });
    expect(next.baseOffset).toBe(2n);
    expect(await readValues(log)).toEqual(['a', 'b', 'c']);
  });

  it('refuses use after close', async () => {
    // Prepare
    const log = await openLog();
    await log.close();

    // Act
    const append = await codeOf(log.append(batch(['a']), Date.now()));
    const read = await codeOf(log.read(0n, MB));

    // Assess
    expect(append).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(read).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });
});

describe('PartitionLog on disk across restarts', () => {
  let root: string;
  let dir: string;
  const opened: PartitionLog[] = [];

  async function openLog(opts: Partial<PartitionLogOptions> = {}): Promise<PartitionLog> {
    const log = await PartitionLog.open({ dir, segmentBytes: 1 << 30, retentionBytes: -1, retentionMs: -1, ...opts });
    opened.push(log);
    return log;
  }

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'tandem-log-'));
    dir = path.join(root, 'topic', '0');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((l) => l.close()));
    await rm(root, { recursive: true, force: true });
  });

  it('stores batches back to back in 20-digit segment files exactly as served', async () => {
    // Prepare
    const log = await openLog();
    await log.append(batch(['a']), Date.now());
    await log.append(batch(['b', 'c']), Date.now());

    // Act
    await log.close();
    const files = await readdir(dir);
    const content = await readFile(path.join(dir, '00000000000000000000.log'));

    // Assess
    expect(files).toEqual(['00000000000000000000.log']);
    expect(decodeRecordBatches(content).map((b) => b.baseOffset)).toEqual([0n, 1n]);
    expect(decodeValues(content)).toEqual(['a', 'b', 'c']);
  });

  it('recovers the index, offsets and segments on reopen', async () => {
    // Prepare
    const size = batch(['v0']).length;
    const log = await openLog({ segmentBytes: 2 * size });
    for (let i = 0; i < 5; i++) await log.append(batch([`v${i}`], { baseTimestamp: 1000 + i }), Date.now());
    await log.close();

    // Act
    const reopened = await openLog({ segmentBytes: 2 * size });
    const next = await reopened.append(batch(['v5']), Date.now());

    // Assess
    expect(reopened.segmentCount).toBe(3);
    expect(next.baseOffset).toBe(5n);
    expect(reopened.logEndOffset).toBe(6n);
    expect(await readValues(reopened, 3n)).toEqual(['v3', 'v4', 'v5']);
    expect(await reopened.offsetForTimestamp(1002n)).toEqual({ offset: 2n, timestamp: 1002n });
  });

  it('truncates a torn tail of the last segment', async () => {
    // Prepare
    const log = await openLog();
    await log.append(batch(['a']), Date.now());
    await log.append(batch(['b']), Date.now());
    await log.close();
    const file = path.join(dir, '00000000000000000000.log');
    const validSize = (await stat(file)).size;
    const third = batch(['c', 'd']);
    third.writeBigInt64BE(2n, 0);
    await appendFile(file, third.subarray(0, third.length - 3)); // crash mid-write

    // Act
    const reopened = await openLog();
    const sizeAfterOpen = (await stat(file)).size;
    const next = await reopened.append(batch(['e']), Date.now());

    // Assess
    expect(sizeAfterOpen).toBe(validSize);
    expect(next.baseOffset).toBe(2n);
    expect(await readValues(reopened)).toEqual(['a', 'b', 'e']);
  });

  it('truncates at a batch whose CRC does not match and drops later segments', async () => {
    // Prepare
    const size = batch(['v0']).length;
    const log = await openLog({ segmentBytes: 2 * size });
    for (let i = 0; i < 5; i++) await log.append(batch([`v${i}`]), Date.now());
    await log.close();
    const second = path.join(dir, '00000000000000000002.log');
    const content = await readFile(second);
    content[2 * size - 5]! ^= 0xff; // inside the second batch of that segment (offset 3)
    await writeFile(second, content);

    // Act
    const reopened = await openLog({ segmentBytes: 2 * size });

    // Assess
    expect(reopened.logEndOffset).toBe(3n);
    expect((await readdir(dir)).sort()).toEqual(['00000000000000000000.log', '00000000000000000002.log']);
    expect(await readValues(reopened)).toEqual(['v0', 'v1', 'v2']);
  });

  it('keeps detecting idempotent duplicates after a restart', async () => {
    // Prepare
    const log = await openLog();
    const original = idempotent(['a', 'b'], 3n, 2, 10);
    await log.append(original, Date.now());
    await log.close();

    // Act
    const reopened = await openLog();
    const retry = await reopened.append(original, Date.now());
    const fenced = await codeOf(reopened.append(idempotent(['x'], 3n, 1, 12), Date.now()));
    const gap = await codeOf(reopened.append(idempotent(['x'], 3n, 2, 13), Date.now()));
    const next = await reopened.append(idempotent(['c'], 3n, 2, 12), Date.now());

    // Assess
    expect(retry).toMatchObject({ baseOffset: 0n, duplicate: true });
    expect(fenced).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(gap).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(next.baseOffset).toBe(2n);
    expect(await readValues(reopened)).toEqual(['a', 'b', 'c']);
    expect(reopened.maxProducerId()).toBe(3n);
  });

  it('keeps logStartOffset after retention across a restart', async () => {
    // Prepare
    const size = batch(['v0']).length;
    const log = await openLog({ segmentBytes: 2 * size, retentionBytes: 2 * size });
    for (let i = 0; i < 6; i++) await log.append(batch([`v${i}`]), Date.now());
    await log.applyRetention(Date.now());
    await log.close();

    // Act
    const reopened = await openLog({ segmentBytes: 2 * size });

    // Assess
    expect(reopened.logStartOffset).toBe(4n);
    expect(reopened.logEndOffset).toBe(6n);
    expect(await readValues(reopened)).toEqual(['v4', 'v5']);
  });

  it('serves reads that were in flight when retention deleted their segment', async () => {
    // Prepare
    const size = batch(['v0']).length;
    const log = await openLog({ segmentBytes: 2 * size, retentionBytes: 0 });
    for (let i = 0; i < 6; i++) await log.append(batch([`v${i}`]), Date.now());

    // Act
    const reading = log.read(0n, MB);
    const retention = log.applyRetention(Date.now());
    const [read] = await Promise.all([reading, retention]);

    // Assess
    expect(decodeValues(read.chunks)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5']);
    expect(log.logStartOffset).toBe(4n);
    await new Promise((r) => setTimeout(r, 20));
    expect(await readdir(dir)).toEqual(['00000000000000000004.log']);
  });

  it('removes its directory on delete', async () => {
    // Prepare
    const log = await openLog();
    await log.append(batch(['a']), Date.now());

    // Act
    await log.delete();

    // Assess
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
