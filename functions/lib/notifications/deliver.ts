/**
 * Sending a notification once per (feedback id, channel), across retried and replayed
 * batches and the scheduled retrier. The protocol, every step a conditional write:
 *
 * 1. Record before sending: put the outbox record, already claimed by this sender, only if the
 *    pair has no record yet. If it has one, claim it instead, which succeeds only while it is
 *    pending and due. A record that is sent, failed, or claimed by someone else is skipped.
 * 2. A claim is a lease: `nextAttemptAt` moves to the end of the sender's time plus a margin,
 *    so no one else claims it meanwhile, and a sender that dies mid-send (a Lambda timeout)
 *    leaves it due again once the lease ends.
 * 3. Post to Slack (retries within the deadline: see `postToSlack`).
 * 4. Release, conditional on still holding the claim: `sent`; or `failed` (Slack refused it
 *    for good, or it has been unsendable longer than `maxAgeMs`); or back to pending with a
 *    backoff `nextAttemptAt` (at least Slack's `Retry-After`) for the retrier.
 *
 * What remains is the gap every webhook has, since Slack's webhooks take no idempotency key:
 * a sender that dies (or cannot reach DynamoDB) after Slack accepted a post and before step 4
 * leaves the record pending, and the retrier posts it again once the lease ends. The message metadata carries the
 * idempotency key, so that duplicate is recognisable. Nothing else sends twice.
 *
 * Between steps 1 and 3 comes flood control (digest.ts): the claim holder routes the record to
 * a post of its own while the channel's per-minute allowance lasts, else into the channel's
 * digest, one message per interval; a digest is itself an outbox item, sent by this protocol.
 */

import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { postToSlack, SLACK_MIN_ATTEMPT_MS, type SlackGate, type SlackPostOutcome } from '../slack/index.js';
import { placeInDigest } from './digest.js';
import { digestMessage } from './digest-message.js';
import { digestItemKey, digestKey, type FloodControl } from './flood.js';
import { assignRoute, memberTexts, takeAllowance } from './flood-store.js';
import {
  type Claimed,
  claim,
  defer,
  markDigested,
  markFailed,
  markSent,
  type NotificationStore,
  recordNew,
} from './store.js';
import {
  type DeliveryOutcome,
  type DigestRecord,
  isDigest,
  type NotificationDraft,
  type NotificationKind,
  type NotificationRecord,
  NotificationRoute,
  NotificationState,
  type OutboxItem,
} from './types.js';

/** When unsent notifications are tried again, and for how long. */
export interface RetryPolicy {
  /** First delay before the retrier tries again, doubled per deferral. */
  baseDelayMs: number;
  /** Longest delay between two attempts. */
  maxDelayMs: number;
  /** A notification unsent this long after it was recorded is marked failed. */
  maxAgeMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  maxAgeMs: 24 * 60 * 60_000,
};

/** Extra lease beyond the sender's deadline, for the writes after the post. */
const LEASE_MARGIN_MS = 30_000;

/** Outbox records are kept this long after they are created (DynamoDB TTL), then expire. */
export const NOTIFICATION_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface DeliveryContext {
  store: NotificationStore;
  /** The webhook URL for a kind, or undefined when the `slack-webhooks` secret has none. */
  webhookUrl: (kind: NotificationKind) => Promise<string | undefined>;
  /** Shared by the deliveries of one invoke. */
  gate: SlackGate;
  /** No post or wait ends after this (epoch ms). */
  deadline: number;
  retry: RetryPolicy;
  /** Posts per channel per minute, digests, and this container's hints about them. */
  flood: FloodControl;
  logger: Logger;
  /** Per-attempt Slack timeout (default: `postToSlack`'s). */
  timeoutMs?: number;
  now?: () => number;
}

/** The outbox record of a draft, as it is first written. */
export function notificationRecord(draft: NotificationDraft, now: number): NotificationRecord {
  return {
    feedbackId: draft.feedbackId,
    channel: draft.channel,
    kind: draft.kind,
    idempotencyKey: idempotencyKey(draft),
    state: NotificationState.PENDING,
    message: JSON.stringify(draft.message),
    attempts: 0,
    deferrals: 0,
    nextAttemptAt: new Date(now).toISOString(),
    createdAt: new Date(now).toISOString(),
    expiresAt: Math.floor(now / 1000) + NOTIFICATION_TTL_SECONDS,
    ...(draft.text === undefined ? {} : { text: draft.text }),
  };
}

/** `<channel>:<feedbackId>`: names the notification in the message metadata and in logs. */
export function idempotencyKey(key: { feedbackId: string; channel: string }): string {
  return `${key.channel}:${key.feedbackId}`;
}

/**
 * Delivers a new notification (the scorer): record it, or find it recorded, then send it if it
 * is ours to send. With no time left to send, it is only recorded, due now, for the retrier:
 * one write instead of a claim and a release.
 */
export async function deliverDraft(draft: NotificationDraft, ctx: DeliveryContext): Promise<DeliveryOutcome> {
  const now = (ctx.now ?? Date.now)();
  if (ctx.deadline - now < SLACK_MIN_ATTEMPT_MS) {
    return (await recordNew(ctx.store, notificationRecord(draft, now))) ? 'deferred' : 'skipped';
  }
  const token = randomUUID();
  const lease = leaseUntil(ctx, now);
  const record: Claimed = {
    ...notificationRecord(draft, now),
    nextAttemptAt: new Date(lease).toISOString(),
    claimToken: token,
    // The minute's allowance is known spent: routed to the digest in the same write.
    ...(ctx.flood.isSpent(draft.channel, now)
      ? {
          route: NotificationRoute.DIGEST,
          digestKey: digestKey(ctx.flood.openPage(draft.channel, ctx.flood.intervalStart(now))),
        }
      : {}),
  };
  if (await recordNew(ctx.store, record)) return routeAndSend(record, ctx);
  const claimed = await claim(ctx.store, draft, token, now, lease);
  return claimed ? routeAndSend(claimed, ctx) : 'skipped';
}

/**
 * Delivers a recorded, due notification or digest (the retrier); with no time left to send,
 * leaves it due for the next run.
 */
export async function deliverRecorded(record: OutboxItem, ctx: DeliveryContext): Promise<DeliveryOutcome> {
  if (isDigest(record)) return deliverDigest({ channel: record.targetChannel, key: record.feedbackId }, ctx);
  const now = (ctx.now ?? Date.now)();
  if (ctx.deadline - now < SLACK_MIN_ATTEMPT_MS) return 'skipped';
  const claimed = await claim(ctx.store, record, randomUUID(), now, leaseUntil(ctx, now));
  return claimed ? routeAndSend(claimed, ctx) : 'skipped';
}

/**
 * Sends a digest page whose interval has closed: the claim seals it, and the message lists
 * the ids it holds then. 'skipped' while its interval is open, or when it is sent or held.
 */
export async function deliverDigest(
  digest: { channel: string; key: string },
  ctx: DeliveryContext,
): Promise<DeliveryOutcome> {
  const now = (ctx.now ?? Date.now)();
  if (ctx.deadline - now < SLACK_MIN_ATTEMPT_MS) return 'skipped';
  const key = digestItemKey(digest.channel, digest.key);
  const claimed = await claim<DigestRecord>(ctx.store, key, randomUUID(), now, leaseUntil(ctx, now), { seal: true });
  if (!claimed) return 'skipped';
  const texts = await memberTexts(ctx.store, claimed.targetChannel, [...claimed.ids]);
  const body = digestMessage(claimed, {
    postsPerMinute: ctx.flood.policy.postsPerMinute,
    queryApiUrl: ctx.flood.policy.queryApiUrl,
    texts,
  });
  return send(claimed, body, ctx);
}

/** Sends the digests this container filled whose interval has closed (the retrier sends any it misses). */
export async function deliverClosedDigests(ctx: DeliveryContext): Promise<DeliveryOutcome[]> {
  const closed = ctx.flood.takeClosed((ctx.now ?? Date.now)());
  const outcomes: DeliveryOutcome[] = [];
  for (const digest of closed) outcomes.push(await deliverDigest(digest, ctx));
  return outcomes;
}

/** A claimed record: routed (once), then posted, or put in a digest. */
async function routeAndSend(claimed: Claimed, ctx: DeliveryContext): Promise<DeliveryOutcome> {
  const now = ctx.now ?? Date.now;
  let route = claimed.route;
  let digest = claimed.digestKey;
  if (route === undefined) {
    const at = now();
    const allowed =
      !ctx.flood.isSpent(claimed.channel, at) &&
      (await takeAllowance(ctx.store, claimed.channel, at, ctx.flood.policy.postsPerMinute));
    if (allowed) route = NotificationRoute.POST;
    else {
      ctx.flood.markSpent(claimed.channel, at);
      route = NotificationRoute.DIGEST;
      digest = digestKey(ctx.flood.openPage(claimed.channel, ctx.flood.intervalStart(at)));
    }
    const written = await assignRoute(
      ctx.store,
      claimed,
      route === NotificationRoute.POST ? { route } : { route, digestKey: digest as string },
    );
    if (!written) {
      ctx.logger.warn('notification claim lost before routing', { idempotencyKey: claimed.idempotencyKey });
      return 'skipped';
    }
  }
  if (route === NotificationRoute.POST) return send(claimed, JSON.parse(claimed.message), ctx);
  if (digest === undefined) throw new Error(`${claimed.idempotencyKey} is routed to a digest but names none`);
  await placeInDigest(
    { feedbackId: claimed.feedbackId, channel: claimed.channel, kind: claimed.kind, digestKey: digest },
    { store: ctx.store, flood: ctx.flood, ttlSeconds: NOTIFICATION_TTL_SECONDS, logger: ctx.logger, now },
  );
  if (!(await markDigested(ctx.store, claimed))) {
    // Its id is in a page all the same; whoever holds the claim now finds it there.
    ctx.logger.warn('notification claim lost before release', { idempotencyKey: claimed.idempotencyKey });
  }
  return 'digested';
}

function leaseUntil(ctx: DeliveryContext, now: number): number {
  return Math.max(ctx.deadline, now) + LEASE_MARGIN_MS;
}

async function send(
  claimed: Claimed<OutboxItem>,
  body: Record<string, unknown>,
  ctx: DeliveryContext,
): Promise<DeliveryOutcome> {
  const now = ctx.now ?? Date.now;
  const key = claimed.idempotencyKey;
  const url = await ctx.webhookUrl(claimed.kind);
  const outcome: SlackPostOutcome = url
    ? await postToSlack(url, body, {
        deadline: ctx.deadline,
        gate: ctx.gate,
        ...(ctx.timeoutMs === undefined ? {} : { timeoutMs: ctx.timeoutMs }),
        now,
      })
    : // A missing URL is a configuration gap, fixed by filling the secret in: keep the notification.
      { status: 'retry-later', attempts: 0, error: `the slack-webhooks secret has no "${claimed.kind}" URL` };

  let released: boolean;
  let result: DeliveryOutcome;
  if (outcome.status === 'sent') {
    released = await markSent(ctx.store, claimed, {
      attempts: outcome.attempts,
      status: outcome.httpStatus,
      now: now(),
    });
    result = 'sent';
  } else if (outcome.status === 'rejected') {
    ctx.logger.error('Slack refused a notification for good', { idempotencyKey: key, error: outcome.error });
    released = await markFailed(ctx.store, claimed, {
      attempts: outcome.attempts,
      error: outcome.error,
      status: outcome.httpStatus,
    });
    result = 'failed';
  } else {
    const at = now();
    const age = at - Date.parse(claimed.createdAt);
    if (age >= ctx.retry.maxAgeMs) {
      ctx.logger.error('notification unsent past its maximum age; giving up', {
        idempotencyKey: key,
        error: outcome.error,
      });
      released = await markFailed(ctx.store, claimed, {
        attempts: outcome.attempts,
        error: `unsent after ${Math.round(age / 60_000)} min: ${outcome.error}`,
        ...(outcome.httpStatus === undefined ? {} : { status: outcome.httpStatus }),
      });
      result = 'failed';
    } else {
      const backoff = Math.min(ctx.retry.baseDelayMs * 2 ** claimed.deferrals, ctx.retry.maxDelayMs);
      const nextAttemptAt = Math.max(at + backoff, outcome.notBefore ?? 0);
      ctx.logger.warn('notification not sent; recorded for a later attempt', {
        idempotencyKey: key,
        error: outcome.error,
        nextAttemptAt: new Date(nextAttemptAt).toISOString(),
      });
      released = await defer(ctx.store, claimed, {
        attempts: outcome.attempts,
        nextAttemptAt,
        error: outcome.error,
        ...(outcome.httpStatus === undefined ? {} : { status: outcome.httpStatus }),
      });
      result = 'deferred';
    }
  }
  if (!released) {
    // The lease ran out before this sender finished; someone else may hold the claim now.
    ctx.logger.warn('notification claim lost before release', { idempotencyKey: key, outcome: result });
  }
  return result;
}
