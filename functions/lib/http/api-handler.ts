/**
 * `apiHandler(fn, options)`: the middleware stack of every API Gateway (HTTP API v2) function,
 * so a handler file holds only its request → response step.
 *
 *   injectLambdaContext  Lambda context in every log line
 *   logMetrics           EMF flush after each invoke, and ColdStart; Requests, ClientErrors, ServerErrors
 *   httpErrors           `HttpError` → its 4xx JSON answer; anything else → 500 with nothing
 *                        of the error in it (logged instead)
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { handlerLogger, handlerMetrics } from '../middleware/index.js';
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
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
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
          logger.info('request refused', { status: error.statusCode, code: error.code, message: error.message });
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
    })
    .handler(step);
}
