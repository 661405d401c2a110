/**
 * Flood control on top of the outbox (deliver.ts): each feedback is in exactly one Slack
 * message, its own post or one digest, under replays, concurrent batches, retries and crashes.
 * Every step is a single-item conditional write (dynalite has no transactions):
 *
 * 1. The outbox record is written first, claimed, with no route (as before): from here on the
 *    record is pending until it is sent, failed or digested, so the retrier finds it whatever
 *    happens next.
 * 2. Route, decided once by the claim holder: a post of its own if the channel's allowance
 *    for the minute (`takeAllowance`: an item per channel and minute, `posts < limit`) has one
 *    left, else the channel's digest page for the current interval. The route is written with
 *    `attribute_not_exists(route)` under the claim, so it never changes once written (or, when
 *    this container already found the minute's allowance spent, with the record itself in step 1).
 * 3a. Route `post`: posted and released as before.
 * 3b. Route `digest`: the id is added to the page the record names (`digestKey`), which takes
 *    it only while not sealed and not full. A page refuses an id only for good: a sealed
 *    page's ids never change, a full page only grows. So when it refuses and does not hold
 *    the id, the record is moved (conditional on still naming that page) to the next page, or
 *    to a later interval, and the id is added there. The record then becomes `digested`.
 * 4. A digest page is pending from its first id, due when its interval ends. The first claim
 *    after that seals it (`sealedAt`, same write), so every attempt posts the same ids; it is
 *    then sent, deferred or failed like any outbox record, by the scorer that filled it or by
 *    the retrier.
 *
 * No feedback falls out of all messages: its record stays in the `pending-by-due` index until
 *   it is marked sent, failed, or digested, and it is marked digested only once its id is in a
 *   page; a page with ids stays in that index until it is sent or failed. A crash anywhere
 *   leaves a pending, due (after the lease) record or page, which the retrier picks up and
 *   carries on from what the table says.
 * No feedback is in two messages: the route is written once; an id is added only to the page
 *   its record names, and the record moves away only from a page that can never hold it.
 *   Two senders racing over one record add to the same page, or find it in the page that
 *   refused the other.
 * The crash windows that duplicate a Slack post are the webhook gap of deliver.ts, once per
 *   message: a sender dying after Slack accepted a post or a digest and before marking it sent
 *   leaves it to be posted again, the same post or the same sealed ids, recognisable by the
 *   idempotency key in its metadata. A sender dying after taking an allowance and before
 *   writing the route only spends one post of the minute: the record goes to a digest then.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import { NotificationError } from './errors.js';
import { DIGEST_CAPACITY, type DigestPage, digestKey, digestPageOf, type FloodControl } from './flood.js';
import { appendToDigest, moveToDigest, readDigest, readRoute } from './flood-store.js';
import type { NotificationStore } from './store.js';
import { type NotificationKind, type NotificationRecord, NotificationState } from './types.js';

/** Moves between pages one placement may make before it fails (and is retried): a flood of 250 × this per interval. */
const MAX_HOPS = 50;

export interface PlacementContext {
  store: NotificationStore;
  flood: FloodControl;
  /** TTL of a new digest page, seconds. */
  ttlSeconds: number;
  logger: Logger;
  now: () => number;
}

/**
 * Puts a claimed record routed to a digest into a digest page, starting with the one it names;
 * resolves to the page that holds its id.
 */
export async function placeInDigest(
  record: Pick<NotificationRecord, 'feedbackId' | 'channel' | 'kind'> & { digestKey: string },
  ctx: PlacementContext,
): Promise<string> {
  const { feedbackId, channel } = record;
  const kind: NotificationKind = record.kind;
  const intervalMs = ctx.flood.policy.digestIntervalMs;
  let current = record.digestKey;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const now = ctx.now();
    const page = { channel, kind, key: current, intervalMs, ttlSeconds: ctx.ttlSeconds };
    if (await appendToDigest(ctx.store, page, feedbackId, now)) {
      ctx.flood.filled(channel, kind, current);
      return current;
    }
    const digest = await readDigest(ctx.store, channel, current);
    if (digest?.ids?.has(feedbackId)) return current;
    // Refused without it: sealed (its ids are final) or full (it only grows). Never here, then.
    const at = digestPageOf(current);
    let next: DigestPage;
    if (digest === undefined || digest.sealedAt !== undefined) {
      next = ctx.flood.openPage(channel, Math.max(ctx.flood.intervalStart(now), at.intervalStart + intervalMs));
    } else {
      ctx.flood.markFull(channel, at);
      next = { intervalStart: at.intervalStart, page: at.page + 1 };
    }
    const nextKey = digestKey(next);
    if (await moveToDigest(ctx.store, record, current, nextKey)) {
      current = nextKey;
      continue;
    }
    // Someone else moved it (a racing sender): carry on from where the record says.
    const route = await readRoute(ctx.store, record);
    if (!route?.digestKey) throw new NotificationError(`${channel}:${feedbackId} lost its digest while being placed`);
    if (route.state === NotificationState.DIGESTED) return route.digestKey;
    current = route.digestKey;
  }
  ctx.logger.error('no digest page took a notification', { feedbackId, channel, capacity: DIGEST_CAPACITY });
  throw new NotificationError(`no digest page took ${channel}:${feedbackId} after ${MAX_HOPS} moves`);
}
