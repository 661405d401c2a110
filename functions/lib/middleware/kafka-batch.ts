/**
 * `kafkaBatch()`: turns the invoke's Kafka event into a `KafkaBatch` for the handler.
 *
 * Mechanism: the before phase replaces `request.event` with the `KafkaBatch` (the event
 * as delivered stays at `batch.raw`), so a handler is `(batch, context) => …` with typed,
 * decoded records and no decoding of its own. State the other middlewares need (dead
 * letters written, undecodable positions) is kept in `request.internal[KAFKA_BATCH_KEY]`.
 *
 * - An event that is not an MSK / self-managed Kafka event fails the invoke with
 *   `InvalidKafkaBatchError`: no record of it can even be placed, so nothing is per-record.
 * - Records the codec cannot decode are dead-lettered with reason `undecodable` before the
 *   handler runs; `batch.records` holds the others.
 * - After the handler, a returned `batchItemFailures` is checked against the trigger's
 *   `reportBatchItemFailures`: Lambda ignores it when the trigger does not report item
 *   failures and would commit the failed records, so that fails the batch instead.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import { type DeadLetterEntry, type DeadLetterSink, deadLetterSink } from '../dead-letter/index.js';
import {
  decodeKafkaEventLenient,
  InvalidKafkaEventError,
  type KafkaEvent,
  type LenientDecodedEvent,
  partitionKey,
} from '../kafka-event/index.js';
import { batchResponseProblem, type KafkaHandlerResult } from './batch-item-failures.js';
import { InvalidBatchResponseError, InvalidKafkaBatchError } from './errors.js';
import { handlerLogger } from './observability.js';
import type { KafkaBatchState } from './types.js';

/** Key of `request.internal` under which `kafkaBatch` keeps its `KafkaBatchState`. */
export const KAFKA_BATCH_KEY = 'tandem/kafka-batch';

const PACKAGE = 'tandem/middleware/kafka-batch';

export interface KafkaBatchOptions {
  /** The pipeline function (key of `functions` in infra/pipeline.ts); names its dead letters. */
  functionName: string;
  /** Dead-letter sink (default: `deadLetterSink({ functionName })`, bucket from `BUCKET_DEAD_LETTERS`). */
  deadLetters?: DeadLetterSink;
  /** Whether the function's triggers set `reportBatchItemFailures` (default false: any failure fails the batch). */
  reportBatchItemFailures?: boolean;
  /** Logger (default: `handlerLogger(functionName)`). */
  logger?: Logger;
}

const defaults = { reportBatchItemFailures: false };

type KafkaRequest = Request<unknown, KafkaHandlerResult, Error, Context, Record<string, unknown>>;

/** The `KafkaBatchState` of a request, if `kafkaBatch` has run. */
export function kafkaBatchState(request: { internal: Record<string, unknown> }): KafkaBatchState | undefined {
  return request.internal[KAFKA_BATCH_KEY] as KafkaBatchState | undefined;
}

export function kafkaBatch(opts: KafkaBatchOptions): MiddlewareObj<unknown, KafkaHandlerResult> {
  const options = { ...defaults, ...opts };
  const { functionName } = options;
  const reportBatchItemFailures = options.reportBatchItemFailures ?? defaults.reportBatchItemFailures;
  const sink = options.deadLetters ?? deadLetterSink({ functionName });
  const logger = options.logger ?? handlerLogger(functionName);

  /** Stores a dead letter, then counts and logs it under the record's coordinates. */
  const deadLetter = async (state: KafkaBatchState, coordinates: string, entry: DeadLetterEntry): Promise<void> => {
    await sink.put(entry);
    const position = { partition: partitionKey(entry.topic, entry.partition), offset: entry.offset };
    state.deadLettered.set(coordinates, { ...position, reason: entry.reason });
    logger.info('record dead-lettered', { coordinates, reason: entry.reason, detail: entry.detail });
  };

  const kafkaBatchBefore = async (request: KafkaRequest): Promise<void> => {
    const decoded = decode(request.event, functionName);
    const state: KafkaBatchState = {
      batch: {
        source: decoded.source,
        ...(decoded.eventSourceArn === undefined ? {} : { eventSourceArn: decoded.eventSourceArn }),
        partitions: decoded.partitions,
        records: decoded.records,
        received: decoded.records.length + decoded.rejected.length,
        reportsItemFailures: reportBatchItemFailures,
        raw: request.event as KafkaEvent,
        logger,
        deadLetter: (record, reason, detail) => {
          const { topic, partition, offset, timestamp, key, value, headers } = record;
          const entry = { topic, partition, offset, reason, detail, timestamp, key, value, headers };
          return deadLetter(state, record.coordinates, entry);
        },
      },
      undecodable: decoded.rejected.map(({ coordinates: { topic, partition, offset } }) => ({
        partition: partitionKey(topic, partition),
        offset,
      })),
      deadLettered: new Map(),
    };
    await Promise.all(
      decoded.rejected.map(({ coordinates: { topic, partition, offset }, reason, raw }, index) => {
        // A record without a readable offset is told apart from its neighbours by its place in the event.
        const coordinates = `${partitionKey(topic, partition)}@${offset ?? `?${index}`}`;
        return deadLetter(state, coordinates, { topic, partition, offset, reason: 'undecodable', detail: reason, raw });
      }),
    );
    request.internal[KAFKA_BATCH_KEY] = state;
    request.event = state.batch;
  };

  const kafkaBatchAfter = (request: KafkaRequest): void => {
    const state = kafkaBatchState(request);
    if (state === undefined) return;
    const problem = batchResponseProblem(request.response, {
      partitions: state.batch.partitions,
      reportsItemFailures: reportBatchItemFailures,
    });
    if (problem !== undefined) {
      throw new InvalidBatchResponseError(`${functionName} ${problem}`, {
        cause: { package: PACKAGE, data: { response: request.response } },
      });
    }
  };

  return {
    name: 'kafkaBatch',
    before: kafkaBatchBefore as MiddlewareObj<unknown, KafkaHandlerResult>['before'],
    after: kafkaBatchAfter as MiddlewareObj<unknown, KafkaHandlerResult>['after'],
  };
}

/** Decodes leniently; an envelope that is not a Kafka event fails the invoke with `InvalidKafkaBatchError`. */
function decode(event: unknown, functionName: string): LenientDecodedEvent {
  try {
    return decodeKafkaEventLenient(event);
  } catch (error) {
    if (!(error instanceof InvalidKafkaEventError)) throw error;
    const eventSource = (event as { eventSource?: unknown } | null)?.eventSource;
    throw new InvalidKafkaBatchError(`${functionName} expects an MSK or self-managed Kafka event: ${error.message}`, {
      cause: { package: PACKAGE, data: { eventSource }, error },
    });
  }
}
