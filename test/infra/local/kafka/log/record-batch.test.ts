import { describe, expect, it } from 'vitest';
import {
  BatchView,
  recordTimestamps,
  setBaseOffset,
  splitBatches,
  validateProducedBatch,
} from '../../../../../infra/local/kafka/log/record-batch.js';
import { ErrorCode, KafkaError } from '../../../../../infra/local/kafka/protocol/errors.js';
import { decodeRecordBatches, encodeRecordBatch } from '../helpers/record-batch.js';

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof KafkaError) return err.code;
    throw err;
  }
  return undefined;
}

describe('record batches', () => {
  it('splits back-to-back batches and exposes their headers', () => {
    // Prepare
    const a = encodeRecordBatch({ records: [{ value: 'a' }, { value: 'b' }], baseTimestamp: 1000 });
    const b = encodeRecordBatch({
      records: [
        { value: 'c', timestamp: 2000 },
        { value: 'd', timestamp: 2500 },
        { value: 'e', timestamp: 2100 },
      ],
      producerId: 7n,
      producerEpoch: 3,
      baseSequence: 10,
      compression: 1,
    });

    // Act
    const views = splitBatches(Buffer.concat([a, b]));

    // Assess
    expect(views).toHaveLength(2);
    const [first, second] = views as [BatchView, BatchView];
    expect(first.buffer.equals(a)).toBe(true);
    expect(first.recordCount).toBe(2);
    expect(first.lastOffsetDelta).toBe(1);
    expect(first.baseTimestamp).toBe(1000n);
    expect(first.hasProducerId).toBe(false);
    expect(second.compression).toBe(1);
    expect(second.producerId).toBe(7n);
    expect(second.producerEpoch).toBe(3);
    expect(second.baseSequence).toBe(10);
    expect(second.lastSequence).toBe(12);
    expect(second.maxTimestamp).toBe(2500n);
    expect(second.magic).toBe(2);
  });

  it('rejects truncation, bad lengths and bad CRCs as CORRUPT_MESSAGE and old magic as unsupported', () => {
    // Prepare
    const batch = encodeRecordBatch({ records: [{ value: 'hello' }] });
    const badCrc = Buffer.from(batch);
    badCrc[badCrc.length - 1]! ^= 0xff;
    const badLength = Buffer.from(batch);
    badLength.writeInt32BE(10, 8);
    const oldMagic = Buffer.from(batch);
    oldMagic.writeInt8(1, 16);

    // Act
    const codes = [
      codeOf(() => splitBatches(batch.subarray(0, batch.length - 1))),
      codeOf(() => splitBatches(batch.subarray(0, 10))),
      codeOf(() => splitBatches(Buffer.concat([batch, batch.subarray(0, 20)]))),
      codeOf(() => splitBatches(badCrc)),
      codeOf(() => splitBatches(badLength)),
      codeOf(() => splitBatches(oldMagic)),
    ];

    // Assess
    expect(codes).toEqual([
      ErrorCode.CORRUPT_MESSAGE,
      ErrorCode.CORRUPT_MESSAGE,
      ErrorCode.CORRUPT_MESSAGE,
      ErrorCode.CORRUPT_MESSAGE,
      ErrorCode.CORRUPT_MESSAGE,
      ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
    ]);
  });

  it('rewrites the base offset without breaking the CRC', () => {
    // Prepare
    const batch = encodeRecordBatch({ records: [{ value: 'x' }, { value: 'y' }] });

    // Act
    setBaseOffset(batch, 41n);

    // Assess
    const [view] = splitBatches(batch);
    expect(view?.baseOffset).toBe(41n);
    expect(view?.lastOffset).toBe(42n);
    expect(decodeRecordBatches(batch)[0]?.records.map((r) => r.offset)).toEqual([41n, 42n]);
  });

  it('decodes record timestamps of uncompressed and gzip batches, not of other codecs', () => {
    // Prepare
    const records = [
      { value: 'a', timestamp: 5000, key: 'k', headers: [{ key: 'h', value: 'v' }] },
      { value: null, timestamp: 4000 },
      { value: 'c'.repeat(300), timestamp: 7000 },
    ];
    const plain = new BatchView(encodeRecordBatch({ records }));
    const gzip = new BatchView(encodeRecordBatch({ records, compression: 1 }));
    const snappy = Buffer.from(encodeRecordBatch({ records }));
    snappy.writeInt16BE(2, 21);

    // Act
    const fromPlain = recordTimestamps(plain);
    const fromGzip = recordTimestamps(gzip);
    const fromSnappy = recordTimestamps(new BatchView(snappy));

    // Assess
    const expected = [
      { offsetDelta: 0, timestamp: 5000 },
      { offsetDelta: 1, timestamp: 4000 },
      { offsetDelta: 2, timestamp: 7000 },
    ];
    expect(fromPlain).toEqual(expected);
    expect(fromGzip).toEqual(expected);
    expect(fromSnappy).toBeNull();
  });

  it('refuses transactional, control and inconsistent batches from clients', () => {
    // Prepare
    const transactional = new BatchView(
      encodeRecordBatch({
        records: [{ value: 'a' }],
        producerId: 1n,
        producerEpoch: 0,
        baseSequence: 0,
        transactional: true,
      }),
    );
    const control = new BatchView(encodeRecordBatch({ records: [{ value: 'a' }], control: true }));
    const inconsistent = new BatchView(encodeRecordBatch({ records: [{ value: 'a' }, { value: 'b' }] }));
    inconsistent.buffer.writeInt32BE(5, 57); // recordCount disagrees with lastOffsetDelta (CRC is not checked here)

    // Act
    const codes = [transactional, control, inconsistent].map((v) => codeOf(() => validateProducedBatch(v)));
    let message = '';
    try {
      validateProducedBatch(transactional);
    } catch (err) {
      message = (err as Error).message;
    }

    // Assess
    expect(codes).toEqual([ErrorCode.INVALID_RECORD, ErrorCode.INVALID_RECORD, ErrorCode.INVALID_RECORD]);
    expect(message).toMatch(/transactions are not supported/);
  });
});
