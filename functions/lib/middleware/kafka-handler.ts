/**
 * `kafkaHandler(domain, options)`: the one middleware stack of every Kafka-triggered
 * function, so a handler file holds only its domain step.
 *
 * Order (middy runs before phases top-down, after/onError bottom-up):
 *   injectLambdaContext  Lambda context in every log line; keys reset after each invoke
 *   logMetrics           flushes the metrics buffer (EMF to stdout) after each invoke, and ColdStart
 *   batchMetrics         RecordsReceived/Processed/DeadLettered/Retried + one summary log line
 *   kafkaBatch           event → KafkaBatch, undecodable records dead-lettered; checks the response
 *   domain               (batch, context, { signal }) → nothing or a partial batch response; the
 *                        signal is this invocation's own (invocation-handler.ts)
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddyfiedHandler, MiddyHandlerObject } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { KafkaHandlerResult } from './batch-item-failures.js';
import { batchMetrics } from './batch-metrics.js';
import { invocationHandler } from './invocation-handler.js';
import { type KafkaBatchOptions, kafkaBatch } from './kafka-batch.js';
import { handlerLogger, handlerMetrics } from './observability.js';
import type { KafkaBatch } from './types.js';

/** What a domain step returns: nothing when every record is done, else a partial batch response. */
// biome-ignore lint/suspicious/noConfusingVoidType: `async (batch) => { … }` has type Promise<void>, meaning "all done".
export type KafkaDomainResult = KafkaHandlerResult | void;

/** A function's domain step over one batch. */
export type KafkaDomainHandler = (
  batch: KafkaBatch,
  context: Context,
  options: MiddyHandlerObject,
) => KafkaDomainResult | Promise<KafkaDomainResult>;

export interface KafkaHandlerOptions extends KafkaBatchOptions {
  /** Metrics buffer (default: `handlerMetrics(functionName)`, namespace `tandem`). */
  metrics?: Metrics;
}

/** The Lambda handler `kafkaHandler` builds: takes the raw event, answers nothing or a partial batch response. */
export type KafkaLambdaHandler = MiddyfiedHandler<unknown, KafkaHandlerResult>;

/** Wraps a domain step in the Kafka middleware stack. Call it once, at module scope. */
export function kafkaHandler(domain: KafkaDomainHandler, options: KafkaHandlerOptions): KafkaLambdaHandler {
  const logger = options.logger ?? handlerLogger(options.functionName);
  const metrics = options.metrics ?? handlerMetrics(options.functionName);
  return invocationHandler<unknown, KafkaHandlerResult>(async (event, context, handlerOptions) => {
    // kafkaBatch's before phase has replaced the event with the batch.
    const result = await domain(event as KafkaBatch, context, handlerOptions);
    return result ?? undefined;
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(batchMetrics({ metrics, logger }))
    .use(kafkaBatch({ ...options, logger }));
}
