/**
 * Verifying Slack request signatures (https://api.slack.com/authentication/verifying-requests-from-slack):
 *
 *   basestring = "v0:" + X-Slack-Request-Timestamp + ":" + raw request body
 *   X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing secret, basestring))
 *
 * compared in constant time, and refused when the timestamp is more than five minutes from
 * now either way (a replayed request). Pure apart from the clock passed in.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from now, in seconds (Slack's own recommendation). */
export const SLACK_REPLAY_WINDOW_SECONDS = 5 * 60;

/** Why a request was refused, for logs (never for the caller: it answers 401 whatever the reason). */
export type SlackSignatureProblem = 'missing-headers' | 'bad-timestamp' | 'stale' | 'bad-signature';

export interface SlackSignedRequest {
  /** The raw body bytes exactly as received. */
  body: Buffer;
  /** `X-Slack-Request-Timestamp`. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`. */
  signature: string | undefined;
}

/** `v0=<hex>`: the signature Slack would send for this body and timestamp. */
export function slackSignature(signingSecret: string, timestamp: string, body: Buffer | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}

/** Undefined when the request is signed with `signingSecret` within the replay window, else why not. */
export function slackSignatureProblem(
  request: SlackSignedRequest,
  signingSecret: string,
  nowMs: number = Date.now(),
): SlackSignatureProblem | undefined {
  const { timestamp, signature, body } = request;
  if (!timestamp || !signature) return 'missing-headers';
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad-timestamp';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_REPLAY_WINDOW_SECONDS) return 'stale';
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
  return undefined;
}
