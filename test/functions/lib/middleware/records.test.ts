import { describe, expect, it } from 'vitest';
import type { DecodedRecord } from '../../../../functions/lib/kafka-event/index.js';
import { valueAsJson } from '../../../../functions/lib/kafka-event/index.js';
import { forEachRecord, mapRecords, RecordRejectedError } from '../../../../functions/lib/middleware/index.js';
import { mskEvent } from '../../helpers/events.js';
import { batchOf, memorySink } from '../../helpers/kafka-batch.js';

/** A throttling error as the AWS SDK raises it. */
function throttled(): Error {
  const error = new Error('Rate exceeded');
  error.name = 'ThrottlingException';
  return error;
}

describe('mapRecords', () => {
  it('dead-letters a record the domain function rejects and goes on with the rest of its partition', async () => {
    // Prepare
    const deadLetters = memorySink();
    const { batch } = await batchOf(mskEvent(), { deadLetters });
    const station = (record: DecodedRecord) => {
      if (record.offset === 1042) throw new RecordRejectedError('invalid', 'station "unknown" is not registered');
      return (valueAsJson(record) as { station: string }).station;
    };

    // Act
    const results = await mapRecords(batch, station);

    // Assess
    expect(results.accepted.map(({ record, result }) => [record.offset, result])).toEqual([
      [1041, 'DEBE042'],
      [1043, 'DEBE042'],
      [877, 'FRPAR13'],
      [878, 'FRPAR13'],
    ]);
    expect(results.rejected.map((record) => record.coordinates)).toEqual(['air-quality-0@1042']);
    expect(results.failed).toEqual([]);
    expect(deadLetters.entries).toHaveLength(1);
    expect(deadLetters.entries[0]).toMatchObject({
      topic: 'air-quality',
      partition: 0,
      offset: 1042,
      reason: 'invalid',
      detail: 'station "unknown" is not registered',
    });
  });

  it("treats the codec's content errors (not UTF-8, not JSON) as `invalid` records", async () => {
    // Prepare
    const event = mskEvent();
    event.records['air-quality-1']![1]!.value = Buffer.from('{"station":').toString('base64');
    const deadLetters = memorySink();
    const { batch } = await batchOf(event, { deadLetters });

    // Act
    const results = await mapRecords(batch, valueAsJson);

    // Assess
    expect(results.accepted).toHaveLength(4);
    expect(deadLetters.entries).toHaveLength(1);
    expect(deadLetters.entries[0]).toMatchObject({ offset: 878, reason: 'invalid' });
    expect(deadLetters.entries[0]!.detail).toMatch(/air-quality-1@878 value is not valid JSON/);
  });

  it('lets an infrastructure error fail the batch, after every partition has settled, dead-lettering nothing', async () => {
    // Prepare
    const deadLetters = memorySink();
    const { batch } = await batchOf(mskEvent(), { deadLetters });
    const seen: string[] = [];
    const store = async (record: DecodedRecord) => {
      seen.push(record.coordinates);
      if (record.offset === 1042) throw throttled();
    };

    // Act
    const result = mapRecords(batch, store);

    // Assess
    await expect(result).rejects.toThrow('Rate exceeded');
    expect(seen).toEqual(
      expect.arrayContaining(['air-quality-0@1041', 'air-quality-0@1042', 'air-quality-1@877', 'air-quality-1@878']),
    );
    expect(seen).not.toContain('air-quality-0@1043');
    expect(deadLetters.entries).toEqual([]);
  });

  it('with reported item failures, reports the failed record and stops its partition only', async () => {
    // Prepare
    const deadLetters = memorySink();
    const { batch } = await batchOf(mskEvent(), { deadLetters, reportBatchItemFailures: true });
    const seen: string[] = [];
    const store = async (record: DecodedRecord) => {
      seen.push(record.coordinates);
      if (record.offset === 1042) throw throttled();
      return record.offset;
    };

    // Act
    const results = await mapRecords(batch, store);

    // Assess
    expect(results.failed.map((record) => record.coordinates)).toEqual(['air-quality-0@1042']);
    expect(results.accepted.map(({ result }) => result)).toEqual([1041, 877, 878]);
    expect(seen).not.toContain('air-quality-0@1043');
  });

  it('runs the records of a partition one after another in offset order', async () => {
    // Prepare
    const { batch } = await batchOf(mskEvent(), { deadLetters: memorySink() });
    const running = new Set<string>();
    const order: number[] = [];
    const slow = async (record: DecodedRecord) => {
      const partition = `${record.topic}-${record.partition}`;
      expect(running.has(partition)).toBe(false);
      running.add(partition);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(record.offset);
      running.delete(partition);
    };

    // Act
    await mapRecords(batch, slow);

    // Assess
    expect(order.filter((offset) => offset > 1000)).toEqual([1041, 1042, 1043]);
    expect(order.filter((offset) => offset < 1000)).toEqual([877, 878]);
  });

  it('fails the batch when a rejected record cannot be dead-lettered', async () => {
    // Prepare
    const deadLetters = memorySink({ failWith: new Error('dead-letter bucket unreachable') });
    const { batch } = await batchOf(mskEvent(), { deadLetters, reportBatchItemFailures: false });
    const reject = () => {
      throw new RecordRejectedError('invalid', 'no');
    };

    // Act
    const result = mapRecords(batch, reject);

    // Assess
    await expect(result).rejects.toThrow('dead-letter bucket unreachable');
  });
});

describe('forEachRecord', () => {
  it('resolves to nothing when every record is done or dead-lettered', async () => {
    // Prepare
    const { batch } = await batchOf(mskEvent(), { deadLetters: memorySink() });
    const reject877 = (record: DecodedRecord) => {
      if (record.offset === 877) throw new RecordRejectedError('late', 'window closed');
    };

    // Act
    const result = await forEachRecord(batch, reject877);

    // Assess
    expect(result).toBeUndefined();
  });

  it('resolves to the partial batch response of the records reported for retry', async () => {
    // Prepare
    const { batch } = await batchOf(mskEvent(), { deadLetters: memorySink(), reportBatchItemFailures: true });
    const failSome = (record: DecodedRecord) => {
      if (record.offset === 1042 || record.offset === 878) throw throttled();
    };

    // Act
    const result = await forEachRecord(batch, failSome);

    // Assess
    expect(result).toEqual({
      batchItemFailures: [
        { itemIdentifier: { partition: 'air-quality-0', offset: 1042 } },
        { itemIdentifier: { partition: 'air-quality-1', offset: 878 } },
      ],
    });
  });
});
