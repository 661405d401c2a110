/**
 * How long to wait before reconnecting to the filtered stream, as X's "Handling disconnections"
 * guide for it prescribes (docs.x.com, x-api/posts/filtered-stream/integrate/handling-disconnections):
 *
 * - an established connection that drops: reconnect at once (the first attempt waits 0);
 * - TCP/IP-level errors (refused, reset, silent past the keep-alive): back off linearly,
 *   250 ms more per attempt, up to 16 s;
 * - HTTP errors worth retrying (5xx, a 409/503 while the stream starts): exponentially, from 5 s,
 *   doubling, up to 320 s;
 * - HTTP 429: exponentially, from 1 minute, doubling ("every HTTP 429 received increases the
 *   time you must wait"), no cap given; a later `x-rate-limit-reset` is honoured too.
 *
 * Pure; `attempt` counts the failed connections since the last one that delivered anything (1 =
 * the first failure).
 */

/** Why the last connection attempt ended. */
export const ConnectionFailure = {
  /** An established connection ended: X closed it, an operational disconnect, a read error. */
  DROPPED: 'dropped',
  /** No answer: refused, reset, timed out, or silent past the keep-alive. */
  NETWORK: 'network',
  /** An HTTP status worth retrying (5xx and the like). */
  HTTP: 'http',
  /** HTTP 429: too many connections or requests. */
  RATE_LIMITED: 'rate-limited',
} as const;
export type ConnectionFailure = (typeof ConnectionFailure)[keyof typeof ConnectionFailure];

/** The policy's steps; tests shrink them. */
export interface ReconnectPolicy {
  networkStepMs: number;
  networkMaxMs: number;
  httpFirstMs: number;
  httpMaxMs: number;
  rateLimitFirstMs: number;
}

/** X's documented numbers. */
export const X_RECONNECT_POLICY: ReconnectPolicy = {
  networkStepMs: 250,
  networkMaxMs: 16_000,
  httpFirstMs: 5_000,
  httpMaxMs: 320_000,
  rateLimitFirstMs: 60_000,
};

export function reconnectDelay(
  failure: ConnectionFailure,
  attempt: number,
  policy: ReconnectPolicy = X_RECONNECT_POLICY,
): number {
  const n = Math.max(1, Math.floor(attempt));
  switch (failure) {
    case ConnectionFailure.DROPPED:
      // The first reconnection is immediate; if it fails too, the failure's own kind takes over.
      return 0;
    case ConnectionFailure.NETWORK:
      return Math.min(policy.networkMaxMs, policy.networkStepMs * n);
    case ConnectionFailure.HTTP:
      return Math.min(policy.httpMaxMs, policy.httpFirstMs * 2 ** Math.min(n - 1, 30));
    case ConnectionFailure.RATE_LIMITED:
      return policy.rateLimitFirstMs * 2 ** Math.min(n - 1, 30);
  }
}
