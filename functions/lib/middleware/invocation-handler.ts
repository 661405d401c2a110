/**
 * `invocationHandler(step)`: middy, with an abort signal of each invocation's own.
 *
 * @middy/core keeps one AbortController at module scope for every handler in the process
 * ("shared AbortController, because it's slow") and aborts it when any invocation reaches its
 * early timeout. On Lambda a process runs one invocation at a time, so that is harmless. The
 * local runtime runs every function's invocations in one process: there, one function's
 * timeout would abort every other function's requests, and the abort listeners of all their
 * requests pile onto one signal (a false MaxListenersExceededWarning). So middy's timeout is
 * off here and each invocation gets a fresh signal, aborted `INVOCATION_TIMEOUT_EARLY_MS`
 * before its deadline, when the invocation fails with `InvocationTimeoutError`, as middy's
 * would. A fresh AbortController costs about a microsecond, next to a batch's milliseconds.
 *
 * The signal is meant to be shared by the invocation's requests, so it admits more listeners
 * than Node's default of 10 (see INVOCATION_SIGNAL_MAX_LISTENERS); a handler need not raise it.
 */

import { setMaxListeners } from 'node:events';
import middy, { type MiddyfiedHandler, type MiddyHandlerObject } from '@middy/core';
import type { Context } from 'aws-lambda';
import { InvocationTimeoutError } from './errors.js';

/** middy's default: time out this long before the deadline so onError middlewares can still run. */
export const INVOCATION_TIMEOUT_EARLY_MS = 5;

/**
 * Abort listeners one invocation's signal holds before Node warns. A batch keeps up to 16
 * requests in flight on it (the window counter's concurrency; the scorer's writes and posts
 * are 8 each) and the AWS SDK adds a listener per request attempt, more while it retries.
 * A listener added per record and never removed still goes past it, and is reported.
 */
export const INVOCATION_SIGNAL_MAX_LISTENERS = 64;

/** A function's step: the event, the Lambda context and `{ signal }`, this invocation's own. */
export type InvocationStep<TEvent, TResult> = (
  event: TEvent,
  context: Context,
  options: MiddyHandlerObject,
) => TResult | Promise<TResult>;

/** A middy handler around `step`; add middlewares with `.use()`. Call it once, at module scope. */
export function invocationHandler<TEvent, TResult>(
  step: InvocationStep<TEvent, TResult>,
): MiddyfiedHandler<TEvent, TResult> {
  return middy<TEvent, TResult>(withOwnSignal(step), { timeoutEarlyInMillis: 0 });
}

function withOwnSignal<TEvent, TResult>(step: InvocationStep<TEvent, TResult>) {
  return async (event: TEvent, context: Context): Promise<TResult> => {
    const controller = new AbortController();
    setMaxListeners(INVOCATION_SIGNAL_MAX_LISTENERS, controller.signal);
    const work = Promise.resolve().then(() => step(event, context, { signal: controller.signal }));
    // Tests and containers may call a handler without a Lambda context: then there is no deadline.
    if (typeof context?.getRemainingTimeInMillis !== 'function') return work;
    const remainingMs = context.getRemainingTimeInMillis();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          const error = new InvocationTimeoutError(remainingMs);
          controller.abort(error);
          reject(error);
        },
        Math.max(0, remainingMs - INVOCATION_TIMEOUT_EARLY_MS),
      );
    });
    try {
      // race subscribes to `work` too, so a step that fails after the timeout is not an unhandled rejection.
      return await Promise.race([work, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };
}
