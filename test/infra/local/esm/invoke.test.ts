import { describe, expect, it } from 'vitest';
import { InvokeTimeoutError } from '../../../../infra/local/esm/errors.js';
import { invokeWithTimeout } from '../../../../infra/local/esm/invoke.js';
import { lambdaContext, logStreamName } from '../../../../infra/local/esm/lambda-context.js';

function context(timeoutMs: number) {
  return lambdaContext({
    functionName: 'aqi-scorer',
    memoryMb: 512,
    deadline: Date.now() + timeoutMs,
    now: Date.now,
    logStreamName: logStreamName(Date.UTC(2024, 5, 18)),
  });
}

describe('lambdaContext', () => {
  it('carries the fields handlers read', () => {
    // Act
    const ctx = context(3_000);

    // Assess
    expect(ctx).toMatchObject({
      functionName: 'aqi-scorer',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:aqi-scorer',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/aqi-scorer',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(ctx.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ctx.logStreamName).toMatch(/^2024\/06\/18\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(ctx.getRemainingTimeInMillis()).toBeGreaterThan(2_900);
    expect(ctx.getRemainingTimeInMillis()).toBeLessThanOrEqual(3_000);
  });
});

describe('invokeWithTimeout', () => {
  it('returns the handler response', async () => {
    const outcome = await invokeWithTimeout(async (event) => ({ echo: event }), 42, context(1_000), 1);
    expect(outcome).toMatchObject({ ok: true, response: { echo: 42 } });
  });

  it('fails with the handler error, also when it throws synchronously', async () => {
    // Prepare
    const throwing = (() => {
      throw new Error('boom');
    }) as unknown as () => Promise<unknown>;

    // Act
    const outcome = await invokeWithTimeout(throwing, {}, context(1_000), 1);

    // Assess
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.message).toBe('boom');
  });

  it('fails with Lambda’s timeout message once the timeout passes, abandoning the handler', async () => {
    // Prepare
    let finished = false;
    const slow = () => new Promise<void>((resolve) => setTimeout(() => resolve(void (finished = true)), 300));

    // Act
    const outcome = await invokeWithTimeout(slow, {}, context(100), 0.1);

    // Assess
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toBeInstanceOf(InvokeTimeoutError);
    expect(!outcome.ok && outcome.error.message).toBe('Task timed out after 0.10 seconds');
    expect(outcome.durationMs).toBeLessThan(250);
    expect(finished).toBe(false);
  });
});
