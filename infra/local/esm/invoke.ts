import { InvokeTimeoutError } from './errors.js';
import type { LambdaContextLike } from './lambda-context.js';

export type InvokeOutcome =
  | { ok: true; response: unknown; durationMs: number }
  | { ok: false; error: Error; durationMs: number };

/**
 * Calls the handler in-process and enforces the function timeout as Lambda does: once
 * `timeoutSeconds` have passed the invoke has failed, whatever the handler does later. The
 * handler's promise cannot be cancelled; it is abandoned and its outcome ignored.
 */
export async function invokeWithTimeout(
  handler: (event: unknown, context: LambdaContextLike) => Promise<unknown>,
  event: unknown,
  context: LambdaContextLike,
  timeoutSeconds: number,
): Promise<InvokeOutcome> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InvokeTimeoutError(timeoutSeconds)), timeoutSeconds * 1000);
  });
  try {
    // `then` turns a handler that throws synchronously into a rejected invoke.
    const response = await Promise.race([Promise.resolve().then(() => handler(event, context)), timeout]);
    return { ok: true, response, durationMs: performance.now() - started };
  } catch (err) {
    return { ok: false, error: asError(err), durationMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Handlers may throw anything; Lambda reports non-errors by their text. */
function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  try {
    return new Error(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
  } catch {
    return new Error(String(value));
  }
}
