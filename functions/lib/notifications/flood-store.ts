/**
 * The flood-control writes on the notifications table, each a single-item conditional write
 * (dynalite has no transactions): a channel's per-minute allowance, the route of a record, and
 * the digest pages that collect feedback ids.
 */

import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotificationStoreError } from './errors.js';
import { allowanceKey, DIGEST_CAPACITY, digestItemKey, digestPageOf } from './flood.js';
import { isConditionFailure, type NotificationStore, storeError } from './store.js';
import { type DigestRecord, type NotificationKey, type NotificationKind, NotificationState } from './types.js';

/** An allowance item outlives its minute by a day (DynamoDB TTL), long enough for any replay to find it spent. */
const ALLOWANCE_TTL_SECONDS = 24 * 60 * 60;

const iso = (ms: number) => new Date(ms).toISOString();

/** Takes one of the channel's posts for the minute of `now`; false when `limit` are taken. */
export async function takeAllowance(
  store: NotificationStore,
  channel: string,
  now: number,
  limit: number,
): Promise<boolean> {
  if (limit <= 0) return false;
  const key = allowanceKey(channel, now);
  try {
    await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: key,
        UpdateExpression: 'ADD posts :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(posts) OR posts < :limit',
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': limit,
          ':expires': Math.floor(now / 1000) + ALLOWANCE_TTL_SECONDS,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw storeError('taking the allowance of', key, error);
  }
}

/**
 * Writes a claimed record's route (and its first digest), once: false when the claim is lost
 * or a route is already written.
 */
export async function assignRoute(
  store: NotificationStore,
  claimed: NotificationKey & { claimToken: string },
  route: { route: 'post' } | { route: 'digest'; digestKey: string },
): Promise<boolean> {
  try {
    await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { feedbackId: claimed.feedbackId, channel: claimed.channel },
        UpdateExpression: `SET #route = :route${route.route === 'digest' ? ', digestKey = :digest' : ''}`,
        ConditionExpression: 'claimToken = :token AND attribute_not_exists(#route)',
        ExpressionAttributeNames: { '#route': 'route' },
        ExpressionAttributeValues: {
          ':route': route.route,
          ':token': claimed.claimToken,
          ...(route.route === 'digest' ? { ':digest': route.digestKey } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw storeError('routing', claimed, error);
  }
}

/**
 * Adds a feedback id to a channel's digest page, creating the page (pending, due at its
 * interval's end) on the first id; false when the page is sealed, or full without this id.
 * Adding an id it holds again changes nothing (a string set).
 */
export async function appendToDigest(
  store: NotificationStore,
  digest: { channel: string; kind: NotificationKind; key: string; intervalMs: number; ttlSeconds: number },
  feedbackId: string,
  now: number,
): Promise<boolean> {
  const key = digestItemKey(digest.channel, digest.key);
  const { intervalStart } = digestPageOf(digest.key);
  try {
    await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: key,
        UpdateExpression:
          'ADD ids :id SET #type = :digest, kind = :kind, targetChannel = :channel, idempotencyKey = :ikey, ' +
          '#state = if_not_exists(#state, :pending), nextAttemptAt = if_not_exists(nextAttemptAt, :end), ' +
          'intervalStart = :start, intervalEnd = :end, attempts = if_not_exists(attempts, :zero), ' +
          'deferrals = if_not_exists(deferrals, :zero), createdAt = if_not_exists(createdAt, :now), ' +
          'expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression:
          'attribute_not_exists(sealedAt) AND (attribute_not_exists(ids) OR size(ids) < :capacity OR contains(ids, :feedbackId))',
        ExpressionAttributeNames: { '#type': 'type', '#state': 'state' },
        ExpressionAttributeValues: {
          ':id': new Set([feedbackId]),
          ':feedbackId': feedbackId,
          ':digest': 'digest',
          ':kind': digest.kind,
          ':channel': digest.channel,
          ':ikey': `${key.channel}:${key.feedbackId}`,
          ':pending': NotificationState.PENDING,
          ':start': iso(intervalStart),
          ':end': iso(intervalStart + digest.intervalMs),
          ':zero': 0,
          ':now': iso(now),
          ':expires': Math.floor(now / 1000) + digest.ttlSeconds,
          ':capacity': DIGEST_CAPACITY,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw storeError('adding to digest', { feedbackId, channel: key.channel }, error);
  }
}

/** A digest page as it stands (strongly consistent), or undefined. */
export async function readDigest(
  store: NotificationStore,
  channel: string,
  key: string,
): Promise<DigestRecord | undefined> {
  const itemKey = digestItemKey(channel, key);
  try {
    const { Item } = await store.dynamo.send(
      new GetCommand({ TableName: store.table, Key: itemKey, ConsistentRead: true }),
    );
    return Item as DigestRecord | undefined;
  } catch (error) {
    throw storeError('reading digest', itemKey, error);
  }
}

/**
 * Moves a record from the digest `from` to `to`: only while it still names `from` (someone
 * else may have moved it already); false otherwise.
 */
export async function moveToDigest(
  store: NotificationStore,
  record: NotificationKey,
  from: string,
  to: string,
): Promise<boolean> {
  try {
    await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { feedbackId: record.feedbackId, channel: record.channel },
        UpdateExpression: 'SET digestKey = :to',
        ConditionExpression: 'digestKey = :from',
        ExpressionAttributeValues: { ':from': from, ':to': to },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw storeError('moving to another digest', record, error);
  }
}

/** The record's `digestKey` and state as they stand (strongly consistent). */
export async function readRoute(
  store: NotificationStore,
  record: NotificationKey,
): Promise<{ digestKey?: string; state?: string } | undefined> {
  try {
    const { Item } = await store.dynamo.send(
      new GetCommand({
        TableName: store.table,
        Key: { feedbackId: record.feedbackId, channel: record.channel },
        ConsistentRead: true,
        ProjectionExpression: 'digestKey, #state',
        ExpressionAttributeNames: { '#state': 'state' },
      }),
    );
    return Item as { digestKey?: string; state?: string } | undefined;
  } catch (error) {
    throw storeError('reading', record, error);
  }
}

/** The texts of a digest's feedback (its records' `text`), by id; 100 keys a request. */
export async function memberTexts(
  store: NotificationStore,
  channel: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] = ids.slice(i, i + 100).map((feedbackId) => ({ feedbackId, channel }));
    for (let attempt = 1; keys.length > 0; attempt++) {
      if (attempt > 5)
        throw new NotificationStoreError(`${keys.length} digest member(s) stayed unread in ${store.table}`);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const page = await store.dynamo
        .send(
          new BatchGetCommand({
            RequestItems: {
              [store.table]: {
                Keys: keys,
                ProjectionExpression: 'feedbackId, #text',
                ExpressionAttributeNames: { '#text': 'text' },
              },
            },
          }),
        )
        .catch((error: unknown) => {
          throw new NotificationStoreError(`reading digest members in ${store.table} failed`, { cause: error });
        });
      for (const item of page.Responses?.[store.table] ?? []) {
        if (typeof item.text === 'string') texts.set(String(item.feedbackId), item.text);
      }
      keys = (page.UnprocessedKeys?.[store.table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return texts;
}
