/**
 * `apiHandler(fn, options)`: the middleware stack of every API Gateway (HTTP API v2) function,
 * so a handler file holds only its request → response step.
 *
 *   injectLambdaContext  Lambda context in every log line
 *   logMetrics           EMF flush after each invoke, and ColdStart; Requests, ClientErrors, ServerErrors
 *   httpErrors           `HttpError` → its 4xx/503 JSON answer (a 5xx one logged at warn with its
 *                        cause); anything else → 500 with nothing of the error in it (logged instead)
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { handlerLogger, handlerMetrics, invocationHandler } from '../middleware/index.js';
import { HttpError } from './errors.js';
import { jsonResponse } from './response.js';

export type ApiStep = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ApiHandlerOptions {
  /** The pipeline function (key of `functions` in infra/pipeline.ts). */
  functionName: string;
  logger?: Logger;
  metrics?: Metrics;
}

export type ApiLambdaHandler = MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

export function apiHandler(step: ApiStep, options: ApiHandlerOptions): ApiLambdaHandler {
  const logger = options.logger ?? handlerLogger(options.functionName);
  const metrics = options.metrics ?? handlerMetrics(options.functionName);
  return invocationHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(step)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use({
      // Every request is counted, which also keeps Powertools from warning about an empty flush.
      before: () => {
        metrics.addMetric('Requests', MetricUnit.Count, 1);
      },
      after: (request) => {
        const status = request.response?.statusCode ?? 200;
        if (status >= 400) metrics.addMetric(status >= 500 ? 'ServerErrors' : 'ClientErrors', MetricUnit.Count, 1);
      },
    })
    .use({
      onError: (request) => {
        const error = request.error;
        metrics.addMetric(
          error instanceof HttpError && error.statusCode < 500 ? 'ClientErrors' : 'ServerErrors',
          MetricUnit.Count,
          1,
        );
        if (error instanceof HttpError) {
          const refusal = { status: error.statusCode, code: error.code, message: error.message };
          // A 5xx refusal is a dependency failing, not the caller: someone must see it (the local
          // runtime logs at WARN) and its cause, which the answer leaves out.
          if (error.statusCode >= 500) logger.warn('request refused', { ...refusal, error });
          else logger.info('request refused', refusal);
          request.response = jsonResponse(error.statusCode, {
            error: error.code,
            message: error.message,
            ...(error.field === undefined ? {} : { field: error.field }),
          });
        } else {
          logger.error('request failed', { error });
          request.response = jsonResponse(500, { error: 'internal_error', message: 'Internal Server Error' });
        }
      },
    });
}
