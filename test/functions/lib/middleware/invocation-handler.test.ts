import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { apiHandler } from '../../../../functions/lib/http/index.js';
import { invocationHandler, kafkaHandler } from '../../../../functions/lib/middleware/index.js';
import httpApiEventFixture from '../../../events/http-api-event.json' with { type: 'json' };
import { mskEvent } from '../../helpers/events.js';
import { memorySink } from '../../helpers/kafka-batch.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { type CapturedOutput, captureStdout } from '../../helpers/stdout.js';

/** A Lambda context whose deadline is `remainingMs` from now. */
function contextWithDeadline(functionName: string, remainingMs: number): Context {
  const deadline = Date.now() + remainingMs;
  return { ...lambdaContext(functionName), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
}

/** Resolves once `count` callers have arrived. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    if (++arrived === count) open();
    return opened;
  };
}

// The local runtime runs every function's invocations in one process, as Lambda never does.
describe('invocationHandler: each invocation has its own abort signal', () => {
  let output: CapturedOutput | undefined;
  afterEach(() => output?.restore());

  it('lets 40 concurrent invocations each keep requests on their signal without a MaxListenersExceededWarning', async () => {
    // Prepare
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    output = captureStdout();
    const invocations = 40;
    const allInFlight = barrier(invocations);
    const signals = new Set<AbortSignal>();
    // Three requests in flight per invocation, each listening to the invocation's signal as the AWS SDK does.
    const handler = kafkaHandler(
      async (_batch, _context, { signal }) => {
        signals.add(signal);
        const listeners = [() => {}, () => {}, () => {}];
        for (const listener of listeners) signal.addEventListener('abort', listener);
        await allInFlight();
        for (const listener of listeners) signal.removeEventListener('abort', listener);
      },
      { functionName: 'stations', deadLetters: memorySink() },
    );

    // Act
    await Promise.all(
      Array.from({ length: invocations }, (_, i) => handler(mskEvent(), contextWithDeadline(`f${i}`, 60_000))),
    );
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);

    // Assess
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    expect(signals.size).toBe(invocations);
  });

  it('lets one invocation keep 16 requests in flight on its signal, two listeners each as the AWS SDK adds, without a warning', async () => {
    // Prepare
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    output = captureStdout();
    const handler = kafkaHandler(
      async (_batch, _context, { signal }) => {
        // The window counter's concurrency: 16 updates at once, each with a retry and an HTTP listener.
        const listeners = Array.from({ length: 32 }, () => () => {});
        for (const listener of listeners) signal.addEventListener('abort', listener);
        await new Promise((resolve) => setTimeout(resolve, 5));
        for (const listener of listeners) signal.removeEventListener('abort', listener);
      },
      { functionName: 'wiki-windows', deadLetters: memorySink() },
    );

    // Act
    await handler(mskEvent(), contextWithDeadline('wiki-windows', 60_000));
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);

    // Assess
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it("aborts only the signal of the invocation that timed out, not another function's", async () => {
    // Prepare
    output = captureStdout();
    let slowSignal: AbortSignal | undefined;
    // An API function that never answers, so middy-style early timeout fires 5 ms before its deadline.
    const stuckApi = apiHandler(() => new Promise(() => {}), { functionName: 'stuck-api' });
    let apiSettled: Promise<unknown> = Promise.resolve();
    const kafka = kafkaHandler(
      async (_batch, _context, { signal }) => {
        slowSignal = signal;
        // Still working when the API function times out.
        await apiSettled.catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (signal.aborted) throw new Error('aborted by another invocation');
      },
      { functionName: 'stations', deadLetters: memorySink() },
    );
    const scheduled = invocationHandler<unknown, boolean>(async (_event, _context, { signal }) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return signal.aborted;
    });

    // Act
    const kafkaResult = kafka(mskEvent(), contextWithDeadline('stations', 60_000));
    const scheduledResult = scheduled({}, contextWithDeadline('retrier', 60_000));
    apiSettled = stuckApi(
      structuredClone(httpApiEventFixture) as unknown as APIGatewayProxyEventV2,
      contextWithDeadline('stuck-api', 50),
    );
    const apiOutcome = await apiSettled.then(
      (response) => response,
      (error: Error) => error,
    );

    // Assess
    await expect(kafkaResult).resolves.toBeUndefined();
    expect(slowSignal?.aborted).toBe(false);
    await expect(scheduledResult).resolves.toBe(false);
    // The API function itself timed out: its onError middleware answered 500.
    expect(apiOutcome).toMatchObject({ statusCode: 500 });
  });

  it('aborts the timed-out invocation’s own signal with a TimeoutError and fails the invocation', async () => {
    // Prepare
    let seen: AbortSignal | undefined;
    const handler = invocationHandler<unknown, string>(async (_event, _context, { signal }) => {
      seen = signal;
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      return 'finished after its deadline';
    });

    // Act
    const outcome = await handler({}, contextWithDeadline('slow', 30)).then(
      (value) => value,
      (error: Error) => error,
    );

    // Assess
    expect(outcome).toMatchObject({ name: 'TimeoutError' });
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(outcome);
  });
});
