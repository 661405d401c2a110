/**
 * The record an on-failure destination receives for a discarded Kafka batch, in the shape
 * Lambda documents for MSK and self-managed Kafka ("Capturing discarded batches", S3
 * destination example):
 *
 *   { requestContext: { requestId, functionArn, condition, approximateInvokeCount },
 *     responseContext: { statusCode, executedVersion, functionError } | null,
 *     version: "1.0", timestamp,
 *     KafkaBatchInfo: { batchSize, eventSourceArn, bootstrapServers, payloadSize,
 *       recordsInfo: { "<topic>-<partition>": { firstRecordOffset, lastRecordOffset,
 *                                              firstRecordTimestamp, lastRecordTimestamp } } },
 *     payload: "<the invoke event as JSON text>" }
 *
 * The emulator writes one record per partition of a failed batch, so `recordsInfo` always
 * has exactly one key. `responseContext` is null when the records were never invoked
 * (payload over the limit), as on AWS. Pure: no I/O.
 */
import {
  eventPayloadBytes,
  type KafkaEvent,
  parsePartitionKey,
  type TopicPartition,
} from '../../../functions/lib/kafka-event/index.js';
import { localFunctionArn } from './lambda-context.js';

/** Why a batch went to the destination (`requestContext.condition`). */
export const FailureCondition = {
  RETRY_ATTEMPTS_EXHAUSTED: 'RetryAttemptsExhausted',
  MAXIMUM_RECORD_AGE_EXCEEDED: 'MaximumRecordAgeExceeded',
  /** A single record whose invoke payload would exceed 6 MB. */
  MAXIMUM_PAYLOAD_SIZE_EXCEEDED: 'MaximumPayloadSizeExceeded',
} as const;
export type FailureCondition = (typeof FailureCondition)[keyof typeof FailureCondition];

/** Offsets and timestamps of one partition's records in a failed batch. */
export interface FailedRecordsInfo {
  /** Offset of the first record, as a decimal string. */
  firstRecordOffset: string;
  /** Offset of the last record, as a decimal string. */
  lastRecordOffset: string;
  /** Timestamp of the first record, ISO 8601. */
  firstRecordTimestamp: string;
  /** Timestamp of the last record, ISO 8601. */
  lastRecordTimestamp: string;
}

/** What an on-failure destination receives. */
export interface BatchFailure {
  requestContext: {
    /** Request id of the last invoke of these records (a fresh one when never invoked). */
    requestId: string;
    functionArn: string;
    condition: FailureCondition;
    /** How many times the records were invoked. */
    approximateInvokeCount: number;
  };
  /** The last invoke's result; null when the records were never invoked. */
  responseContext: {
    statusCode: number;
    executedVersion: string;
    /** `Unhandled` when the function failed (errors and timeouts); absent when it reported the records failed. */
    functionError?: string;
  } | null;
  version: '1.0';
  /** When the batch was given up, ISO 8601. */
  timestamp: string;
  KafkaBatchInfo: {
    /** Records in the failed batch. */
    batchSize: number;
    eventSourceArn: string | undefined;
    bootstrapServers: string;
    /** Bytes of `payload`. */
    payloadSize: number;
    /** Keyed `topic-partition`; one key per failure record here. */
    recordsInfo: Record<string, FailedRecordsInfo>;
  };
  /** The invoke event of the failed records, as JSON text (what Lambda writes to S3). */
  payload: string;
}

export interface FailedBatchInput {
  condition: FailureCondition;
  functionName: string;
  /** The failed records as an invoke event (one partition). */
  event: KafkaEvent;
  /** Request id of the last invoke, or undefined when never invoked. */
  requestId: string | undefined;
  approximateInvokeCount: number;
  /** The last invoke ended in a function error (vs. a batchItemFailures report); ignored when never invoked. */
  functionError: boolean;
  /** Epoch ms. */
  at: number;
  /** Used when the records were never invoked. */
  newRequestId: () => string;
}

export function buildBatchFailure(input: FailedBatchInput): BatchFailure {
  const invoked = input.requestId !== undefined;
  const recordsInfo: Record<string, FailedRecordsInfo> = {};
  let batchSize = 0;
  for (const [key, records] of Object.entries(input.event.records)) {
    const first = records[0];
    const last = records.at(-1);
    if (first === undefined || last === undefined) continue;
    batchSize += records.length;
    recordsInfo[key] = {
      firstRecordOffset: String(first.offset),
      lastRecordOffset: String(last.offset),
      firstRecordTimestamp: new Date(first.timestamp).toISOString(),
      lastRecordTimestamp: new Date(last.timestamp).toISOString(),
    };
  }
  return {
    requestContext: {
      requestId: input.requestId ?? input.newRequestId(),
      functionArn: localFunctionArn(input.functionName),
      condition: input.condition,
      approximateInvokeCount: input.approximateInvokeCount,
    },
    responseContext: invoked
      ? {
          statusCode: 200,
          executedVersion: '$LATEST',
          ...(input.functionError ? { functionError: 'Unhandled' } : {}),
        }
      : null,
    version: '1.0',
    timestamp: new Date(input.at).toISOString(),
    KafkaBatchInfo: {
      batchSize,
      eventSourceArn: 'eventSourceArn' in input.event ? input.event.eventSourceArn : undefined,
      bootstrapServers: input.event.bootstrapServers,
      payloadSize: eventPayloadBytes(input.event),
      recordsInfo,
    },
    payload: JSON.stringify(input.event),
  };
}

/** Where a failure record's records sit: its (single) partition and offset range. */
export interface FailureCoordinates extends TopicPartition {
  firstOffset: string;
  lastOffset: string;
}

/** The partition and offsets of a failure record; undefined when it names no partition. */
export function failureCoordinates(failure: BatchFailure): FailureCoordinates | undefined {
  const entry = Object.entries(failure.KafkaBatchInfo.recordsInfo)[0];
  if (entry === undefined) return undefined;
  const [key, info] = entry;
  const where = parsePartitionKey(key);
  if (where === undefined) return undefined;
  return { ...where, firstOffset: info.firstRecordOffset, lastOffset: info.lastRecordOffset };
}
