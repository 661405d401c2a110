import { describe, expect, it } from 'vitest';
import {
  InvalidBatchResponseError,
  InvalidKafkaBatchError,
  KAFKA_BATCH_KEY,
  kafkaBatch,
} from '../../../../functions/lib/middleware/index.js';
import { mskEvent, sqsEvent } from '../../helpers/events.js';
import { batchOf, memorySink, silentLogger, testRequest } from '../../helpers/kafka-batch.js';

describe('kafkaBatch', () => {
  it('replaces the event with a KafkaBatch of decoded records and keeps the raw event', async () => {
    // Prepare
    const event = mskEvent();
    const deadLetters = memorySink();

    // Act
    const { batch, request } = await batchOf(event, { deadLetters });

    // Assess
    expect(request.event).toBe(batch);
    expect(batch.raw).toBe(event);
    expect(batch.source).toBe('aws:kafka');
    expect(batch.eventSourceArn).toBe(event.eventSourceArn);
    expect(batch.partitions).toEqual(['air-quality-0', 'air-quality-1']);
    expect(batch.records.map((record) => record.coordinates)).toEqual([
      'air-quality-0@1041',
      'air-quality-0@1042',
      'air-quality-0@1043',
      'air-quality-1@877',
      'air-quality-1@878',
    ]);
    expect(batch.received).toBe(5);
    expect(batch.reportsItemFailures).toBe(false);
    expect(request.internal[KAFKA_BATCH_KEY]).toBeDefined();
    expect(deadLetters.entries).toEqual([]);
  });

  it('fails the invoke with a clear error when the event is not a Kafka event', async () => {
    // Prepare
    const event = sqsEvent();
    const deadLetters = memorySink();

    // Act
    const result = batchOf(event, { deadLetters });

    // Assess
    await expect(result).rejects.toThrow(InvalidKafkaBatchError);
    await expect(result).rejects.toThrow(
      'test expects an MSK or self-managed Kafka event: eventSource must be "aws:kafka" or "SelfManagedKafka", got undefined',
    );
    expect(deadLetters.entries).toEqual([]);
  });

  it('dead-letters an undecodable record as `undecodable` with its coordinates and the record as delivered', async () => {
    // Prepare
    const event = mskEvent();
    const poison = event.records['air-quality-0']![1]!;
    poison.value = '@@ not base64 @@';
    const deadLetters = memorySink();

    // Act
    const { batch, state } = await batchOf(event, { deadLetters });

    // Assess
    expect(batch.records.map((record) => record.offset)).toEqual([1041, 1043, 877, 878]);
    expect(batch.received).toBe(5);
    expect(deadLetters.entries).toHaveLength(1);
    expect(deadLetters.entries[0]).toMatchObject({
      topic: 'air-quality',
      partition: 0,
      offset: 1042,
      reason: 'undecodable',
      raw: poison,
    });
    expect(deadLetters.entries[0]!.detail).toMatch(/value must be base64/);
    expect([...state.deadLettered.values()]).toEqual([
      { partition: 'air-quality-0', offset: 1042, reason: 'undecodable' },
    ]);
  });

  it('dead-letters a record whose offset is unreadable with a null offset', async () => {
    // Prepare
    const event = mskEvent();
    event.records['air-quality-1']![0]!.offset = -1;
    const deadLetters = memorySink();

    // Act
    const { batch } = await batchOf(event, { deadLetters });

    // Assess
    expect(batch.records).toHaveLength(4);
    expect(deadLetters.entries[0]).toMatchObject({ topic: 'air-quality', partition: 1, offset: null });
  });

  it('dead-letters a decoded record with its bytes and counts it once however often it is dead-lettered', async () => {
    // Prepare
    const deadLetters = memorySink();
    const { batch, state } = await batchOf(mskEvent(), { deadLetters });
    const record = batch.records[0]!;

    // Act
    await batch.deadLetter(record, 'invalid', 'not a station reading');
    await batch.deadLetter(record, 'invalid', 'not a station reading');

    // Assess
    expect(deadLetters.entries).toHaveLength(2);
    expect(deadLetters.entries[0]).toEqual({
      topic: 'air-quality',
      partition: 0,
      offset: 1041,
      reason: 'invalid',
      detail: 'not a station reading',
      timestamp: record.timestamp,
      key: record.key,
      value: record.value,
      headers: record.headers,
    });
    expect(state.deadLettered.size).toBe(1);
  });

  it('fails the batch when the handler reports item failures that its trigger would ignore', async () => {
    // Prepare
    const middleware = kafkaBatch({ functionName: 'test', deadLetters: memorySink(), logger: silentLogger() });
    const request = testRequest(mskEvent());
    // biome-ignore lint/suspicious/noExplicitAny: a hand-made request in place of middy's.
    await middleware.before!(request as any);
    request.response = { batchItemFailures: [{ itemIdentifier: { partition: 'air-quality-0', offset: 1042 } }] };

    // Act
    // biome-ignore lint/suspicious/noExplicitAny: a hand-made request in place of middy's.
    const after = () => middleware.after!(request as any);

    // Assess
    expect(after).toThrow(InvalidBatchResponseError);
    expect(after).toThrow(/its trigger does not report them/);
  });

  it('accepts reported item failures when the trigger reports them, and refuses a partition not in the batch', async () => {
    // Prepare
    const middleware = kafkaBatch({
      functionName: 'test',
      deadLetters: memorySink(),
      logger: silentLogger(),
      reportBatchItemFailures: true,
    });
    const request = testRequest(mskEvent());
    // biome-ignore lint/suspicious/noExplicitAny: a hand-made request in place of middy's.
    await middleware.before!(request as any);
    const afterWith = (response: unknown) => () => {
      request.response = response;
      // biome-ignore lint/suspicious/noExplicitAny: a hand-made request in place of middy's.
      middleware.after!(request as any);
    };

    // Act
    const known = afterWith({ batchItemFailures: [{ itemIdentifier: { partition: 'air-quality-0', offset: 1042 } }] });
    const none = afterWith(undefined);
    const unknown = afterWith({ batchItemFailures: [{ itemIdentifier: { partition: 'weather-0', offset: 1 } }] });

    // Assess
    expect(known).not.toThrow();
    expect(none).not.toThrow();
    expect(unknown).toThrow(InvalidBatchResponseError);
    expect(unknown).toThrow(/"weather-0", which is not in the batch/);
  });
});
