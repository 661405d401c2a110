/**
 * Posting to a Slack incoming webhook, with the retries Slack asks for
 * (https://api.slack.com/messaging/webhooks#handling_errors, https://api.slack.com/apis/rate-limits):
 *
 * - 2xx: sent.
 * - 429: wait `Retry-After` (seconds or an HTTP date) and try again, if that fits before the
 *   deadline; every other post to that webhook in the same invoke waits too (`SlackGate`).
 * - 5xx, 408, timeouts and network errors: retry with exponential backoff and full jitter.
 * - other 4xx (`invalid_payload`, `no_service`, `channel_is_archived`, `action_prohibited`):
 *   the same post can never succeed; `rejected`, not retried.
 *
 * Nothing here waits past `deadline`: when time runs out the outcome is `retry-later`, and the
 * caller records the notification for a later attempt instead of failing its batch. When one
 * post gives up on a webhook that keeps failing, the gate closes that webhook for the rest of
 * the invoke, so a batch with many notifications spends the retry budget once, not once each.
 */

/** Per-attempt timeout: Slack answers a webhook in well under a second when it is healthy. */
export const SLACK_TIMEOUT_MS = 3000;
/** First backoff delay; doubled per retry up to `SLACK_MAX_BACKOFF_MS`, each drawn with full jitter. */
export const SLACK_BASE_BACKOFF_MS = 250;
export const SLACK_MAX_BACKOFF_MS = 2000;
/** An attempt is not started with less time than this left before the deadline. */
export const SLACK_MIN_ATTEMPT_MS = 250;
const MIN_ATTEMPT_MS = SLACK_MIN_ATTEMPT_MS;

/** What became of a post. */
export type SlackPostOutcome =
  | { status: 'sent'; attempts: number; httpStatus: number }
  | {
      status: 'retry-later';
      attempts: number;
      /** Why it was not sent. */
      error: string;
      httpStatus?: number;
      /** Not before this time (epoch ms): Slack's `Retry-After`, when it gave one. */
      notBefore?: number;
    }
  | { status: 'rejected'; attempts: number; httpStatus: number; error: string };

/** Why and until when a webhook is closed. */
export interface GateClosure {
  /** Epoch ms. */
  until: number;
  /** For the notification's `lastError`. */
  reason: string;
  /** Slack's last status on that webhook. */
  httpStatus?: number;
  /** Closed by Slack's own `Retry-After` (so nothing may be sent before `until`, in this invoke or later). */
  retryAfter: boolean;
}

/** Per-invoke state shared by the posts of one invoke: which webhooks are closed, and until when. */
export class SlackGate {
  readonly #closed = new Map<string, GateClosure>();

  /** The closure of `url` in force at `now`; undefined when open. */
  closedUntil(url: string, now: number): GateClosure | undefined {
    const entry = this.#closed.get(url);
    return entry && entry.until > now ? entry : undefined;
  }

  /** Makes posts to `url` wait until `closure.until`. */
  close(url: string, closure: GateClosure): void {
    const current = this.#closed.get(url);
    if (!current || current.until < closure.until) this.#closed.set(url, closure);
  }
}

export interface SlackPostOptions {
  /** Epoch ms after which no attempt or wait may end. */
  deadline: number;
  /** Shared by the posts of one invoke (default: a gate of its own). */
  gate?: SlackGate;
  /** Per-attempt timeout (default `SLACK_TIMEOUT_MS`). */
  timeoutMs?: number;
  /** Backoff (defaults `SLACK_BASE_BACKOFF_MS`, `SLACK_MAX_BACKOFF_MS`). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Clock, sleep, randomness and fetch: defaults are the real ones. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
}

/** Posts `body` as JSON to a webhook URL, retrying as described above until `deadline`. */
export async function postToSlack(url: string, body: unknown, options: SlackPostOptions): Promise<SlackPostOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? SLACK_TIMEOUT_MS;
  const gate = options.gate ?? new SlackGate();
  const payload = JSON.stringify(body);
  let backoff = options.baseBackoffMs ?? SLACK_BASE_BACKOFF_MS;
  const maxBackoff = options.maxBackoffMs ?? SLACK_MAX_BACKOFF_MS;
  let attempts = 0;
  let last: { error: string; httpStatus?: number } = { error: 'not attempted: no time left before the deadline' };

  for (;;) {
    const closed = gate.closedUntil(url, now());
    if (closed) {
      if (closed.until + MIN_ATTEMPT_MS > options.deadline) {
        return {
          status: 'retry-later',
          attempts,
          error: closed.reason,
          ...(closed.httpStatus === undefined ? {} : { httpStatus: closed.httpStatus }),
          ...(closed.retryAfter ? { notBefore: closed.until } : {}),
        };
      }
      await sleep(closed.until - now());
    }
    const left = options.deadline - now();
    if (left < MIN_ATTEMPT_MS) return { status: 'retry-later', attempts, ...last };
    attempts++;
    const answer = await attempt(url, payload, Math.min(timeoutMs, left), options.fetch ?? fetch);
    if (answer.httpStatus !== undefined && answer.httpStatus >= 200 && answer.httpStatus < 300) {
      return { status: 'sent', attempts, httpStatus: answer.httpStatus };
    }
    last = answer;
    if (answer.httpStatus === 429) {
      const retryAfterMs = answer.retryAfterMs ?? 1000;
      gate.close(url, {
        until: now() + retryAfterMs,
        reason: `rate limited by Slack (429, Retry-After ${Math.ceil(retryAfterMs / 1000)} s)`,
        httpStatus: 429,
        retryAfter: true,
      });
      continue;
    }
    const transient = answer.httpStatus === undefined || answer.httpStatus >= 500 || answer.httpStatus === 408;
    if (!transient) {
      return { status: 'rejected', attempts, httpStatus: answer.httpStatus as number, error: answer.error };
    }
    const wait = Math.floor(random() * backoff);
    backoff = Math.min(backoff * 2, maxBackoff);
    if (now() + wait + MIN_ATTEMPT_MS > options.deadline) {
      // Slack keeps failing: the other posts of this invoke to this webhook give up at once.
      gate.close(url, {
        until: options.deadline,
        reason: `Slack kept failing (${answer.error}); not tried again in this invoke`,
        ...(answer.httpStatus === undefined ? {} : { httpStatus: answer.httpStatus }),
        retryAfter: false,
      });
      return { status: 'retry-later', attempts, ...last };
    }
    await sleep(wait);
  }
}

interface AttemptAnswer {
  httpStatus?: number;
  error: string;
  retryAfterMs?: number;
}

async function attempt(url: string, payload: string, timeoutMs: number, doFetch: typeof fetch): Promise<AttemptAnswer> {
  try {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: payload,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await response.text()).slice(0, 200);
    const retryAfterMs = retryAfter(response.headers.get('retry-after'));
    return {
      httpStatus: response.status,
      error: `Slack answered ${response.status} ${text}`.trim(),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  } catch (error) {
    const e = error as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    return {
      error: timedOut ? `no answer from Slack within ${timeoutMs} ms` : `request to Slack failed: ${describe(e)}`,
    };
  }
}

/** `Retry-After` in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfter(header: string | null, nowMs: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function describe(error: Error): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
