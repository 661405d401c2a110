import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiHandler, HttpError } from '../../../../functions/lib/http/index.js';
import { KafkaProduceError } from '../../../../functions/lib/kafka-producer/index.js';

const event = { rawPath: '/v1/feedback', headers: {}, requestContext: { http: { method: 'POST' } } };
const context = { functionName: 'test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 1000 };

/** apiHandler around `step`, with a logger whose info and warn calls are recorded. */
function handlerRefusingWith(error: Error) {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const metrics = new Metrics({ namespace: 'test', serviceName: 'test' });
  const warn = vi.spyOn(logger, 'warn');
  const info = vi.spyOn(logger, 'info');
  const handler = apiHandler(
    async () => {
      throw error;
    },
    { functionName: 'test', logger, metrics },
  );
  const invoke = () => handler(event as unknown as APIGatewayProxyEventV2, context as unknown as Context);
  return { invoke, warn, info };
}

describe('apiHandler', () => {
  beforeAll(() => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('logs a 503 refusal at warn with its cause, and answers without it', async () => {
    // Prepare
    const cause = new KafkaProduceError('feedback', 'producing 1 record(s) to feedback failed', {
      cause: new Error('Connection refused'),
    });
    const { invoke, warn, info } = handlerRefusingWith(new HttpError(503, 'unavailable', 'retry', { cause }));

    // Act
    const res = await invoke();

    // Assess
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body as string)).toEqual({ error: 'unavailable', message: 'retry' });
    expect(info).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, attributes] = warn.mock.calls[0] as [string, { status: number; error: Error }];
    expect(message).toBe('request refused');
    expect(attributes.status).toBe(503);
    expect(attributes.error.cause).toBe(cause);
  });

  it('logs a 4xx refusal at info: the caller is at fault, not the service', async () => {
    // Prepare
    const { invoke, warn, info } = handlerRefusingWith(new HttpError(400, 'invalid_feedback', 'text is empty'));

    // Act
    const res = await invoke();

    // Assess
    expect(res.statusCode).toBe(400);
    expect(warn).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledWith('request refused', {
      status: 400,
      code: 'invalid_feedback',
      message: 'text is empty',
    });
  });
});
