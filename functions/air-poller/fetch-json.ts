/**
 * GET a JSON document, retrying what a retry can fix, within a time budget.
 *
 * - 429 and 5xx answers, connection failures and timeouts are retried: after the server's
 *   `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3) when it sends one, never sooner;
 *   otherwise after `baseDelayMs` doubling per retry. A wait that would end past the budget is
 *   not started: the last failure is thrown instead, so the run keeps time to produce.
 * - Other 4xx answers are not retried (the request itself is wrong).
 * - A 200 whose body is not JSON, or is over `MAX_ANSWER_BYTES`, is an `OpenMeteoResponseError`,
 *   not retried: the same request would most likely get the same body.
 */

import { OpenMeteoHttpError, OpenMeteoResponseError, OpenMeteoUnreachableError } from './errors.js';

export interface FetchJsonOptions {
  /** Per-attempt time limit, ms. */
  timeoutMs: number;
  /** Attempts, the first included. */
  maxAttempts: number;
  /** First retry delay without `Retry-After`, ms. */
  baseDelayMs: number;
  /** Milliseconds left for this request and its retries. */
  budgetMs: () => number;
  userAgent: string;
  /** Called before each retry's wait. */
  onRetry?: (notice: { url: string; attempt: number; delayMs: number; reason: string }) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** What came back, and how many attempts it took. */
export interface FetchedJson {
  body: unknown;
  attempts: number;
}

/** Largest answer read, in bytes: a day and a half of hourly series is about 20 KB. */
export const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function fetchJson(url: string, options: FetchJsonOptions): Promise<FetchedJson> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  let lastError: Error = new OpenMeteoUnreachableError(url);
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    const budget = options.budgetMs();
    if (budget <= 0) break;
    let answer: { status: number; ok: boolean; retryAfter: string | null; text: string } | undefined;
    try {
      const response = await doFetch(url, {
        headers: { accept: 'application/json', 'user-agent': options.userAgent },
        signal: AbortSignal.timeout(Math.min(options.timeoutMs, budget)),
      });
      const text = await response.text();
      answer = { status: response.status, ok: response.ok, retryAfter: response.headers.get('retry-after'), text };
    } catch (error) {
      lastError = new OpenMeteoUnreachableError(url, { cause: error });
    }
    let delayMs = options.baseDelayMs * 2 ** (attempt - 1);
    if (answer !== undefined) {
      if (answer.ok) return { body: parseJson(answer.text), attempts: attempt };
      lastError = new OpenMeteoHttpError(url, answer.status, reasonOf(answer.text));
      if (answer.status !== 429 && answer.status < 500) throw lastError;
      delayMs = retryAfterMs(answer.retryAfter, now()) ?? delayMs;
    }
    if (attempt === options.maxAttempts || delayMs >= options.budgetMs()) break;
    options.onRetry?.({ url, attempt, delayMs, reason: lastError.message });
    await sleep(delayMs);
  }
  throw lastError;
}

/** `Retry-After` in ms from `now`, or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseJson(text: string): unknown {
  if (Buffer.byteLength(text) > MAX_ANSWER_BYTES)
    throw new OpenMeteoResponseError('(body)', `the answer is over ${MAX_ANSWER_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OpenMeteoResponseError('(body)', `the answer is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Open-Meteo's error answers are `{"error": true, "reason": "…"}`; the reason, else the body's start. */
function reasonOf(text: string): string {
  try {
    const body = JSON.parse(text) as { reason?: unknown };
    if (typeof body.reason === 'string') return body.reason.slice(0, 200);
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return text.slice(0, 200);
}
