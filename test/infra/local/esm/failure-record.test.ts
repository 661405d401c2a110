import { describe, expect, it } from 'vitest';
import { encodeKafkaEvent, eventPayloadBytes } from '../../../../functions/lib/kafka-event/index.js';
import { buildBatchFailure, FailureCondition, failureCoordinates } from '../../../../infra/local/esm/failure-record.js';
import { LOCAL_EVENT_SOURCE_ARN } from '../../../../infra/local/esm/lambda-context.js';
import { failureObjectKey } from '../../../../infra/local/esm/s3-destination.js';

const event = encodeKafkaEvent({
  bootstrapServers: '127.0.0.1:9092',
  eventSourceArn: LOCAL_EVENT_SOURCE_ARN,
  records: [
    { topic: 'air-quality', partition: 2, offset: 17, timestamp: Date.UTC(2024, 5, 18, 12), value: 'a' },
    { topic: 'air-quality', partition: 2, offset: 19, timestamp: Date.UTC(2024, 5, 18, 12, 1), value: 'b' },
  ],
});

describe('buildBatchFailure', () => {
  it('builds the record Lambda sends to an S3 on-failure destination for Kafka', () => {
    // Act
    const failure = buildBatchFailure({
      condition: FailureCondition.RETRY_ATTEMPTS_EXHAUSTED,
      functionName: 'aqi-scorer',
      event,
      requestId: '316aa6d0-8154-4a1b-9af7-85d5f4a6bc81',
      approximateInvokeCount: 3,
      functionError: true,
      at: Date.UTC(2024, 5, 18, 12, 5),
      newRequestId: () => 'unused',
    });

    // Assess
    expect(failure).toEqual({
      requestContext: {
        requestId: '316aa6d0-8154-4a1b-9af7-85d5f4a6bc81',
        functionArn: 'arn:aws:lambda:local:000000000000:function:aqi-scorer',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2024-06-18T12:05:00.000Z',
      KafkaBatchInfo: {
        batchSize: 2,
        eventSourceArn: LOCAL_EVENT_SOURCE_ARN,
        bootstrapServers: '127.0.0.1:9092',
        payloadSize: eventPayloadBytes(event),
        recordsInfo: {
          'air-quality-2': {
            firstRecordOffset: '17',
            lastRecordOffset: '19',
            firstRecordTimestamp: '2024-06-18T12:00:00.000Z',
            lastRecordTimestamp: '2024-06-18T12:01:00.000Z',
          },
        },
      },
      payload: JSON.stringify(event),
    });
  });

  it('has no response context for records that were never invoked (payload too large)', () => {
    // Act
    const failure = buildBatchFailure({
      condition: FailureCondition.MAXIMUM_PAYLOAD_SIZE_EXCEEDED,
      functionName: 'aqi-scorer',
      event,
      requestId: undefined,
      approximateInvokeCount: 0,
      functionError: false,
      at: 0,
      newRequestId: () => 'fresh-id',
    });

    // Assess
    expect(failure.responseContext).toBeNull();
    expect(failure.requestContext).toMatchObject({ requestId: 'fresh-id', condition: 'MaximumPayloadSizeExceeded' });
  });

  it('leaves functionError out when the function reported the records failed', () => {
    const failure = buildBatchFailure({
      condition: FailureCondition.RETRY_ATTEMPTS_EXHAUSTED,
      functionName: 'f',
      event,
      requestId: 'r',
      approximateInvokeCount: 1,
      functionError: false,
      at: 0,
      newRequestId: () => 'unused',
    });
    expect(failure.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' });
  });
});

describe('failure coordinates and S3 key', () => {
  it('derive from function, topic, partition and offset range', () => {
    // Prepare
    const failure = buildBatchFailure({
      condition: FailureCondition.MAXIMUM_RECORD_AGE_EXCEEDED,
      functionName: 'aqi-scorer',
      event,
      requestId: 'r',
      approximateInvokeCount: 1,
      functionError: true,
      at: 0,
      newRequestId: () => 'unused',
    });

    // Act / Assess
    expect(failureCoordinates(failure)).toEqual({
      topic: 'air-quality',
      partition: 2,
      firstOffset: '17',
      lastOffset: '19',
    });
    expect(failureObjectKey('aqi-scorer', failure)).toBe('esm-failures/aqi-scorer/air-quality/2/17-19.json');
  });
});
