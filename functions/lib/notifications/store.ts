/**
 * The notifications table (`TABLE_NOTIFICATIONS`): key (feedbackId, channel), and the sparse
 * index `pending-by-due` (state, nextAttemptAt) holding only pending notifications, because
 * `nextAttemptAt` is removed when one is sent or fails. Every state change is a conditional
 * write, so two senders (a replayed batch and the retrier, say) can never both hold a claim.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotificationStoreError } from './errors.js';
import { type NotificationKey, type NotificationRecord, NotificationState, type OutboxItem } from './types.js';

/** The index of pending notifications by due time (infra/pipeline.ts declares it). */
export const PENDING_INDEX = 'pending-by-due';

export interface NotificationStore {
  dynamo: DynamoDBDocumentClient;
  table: string;
}

/** Result of a claim: the record as it now stands, with this sender's token. */
export type Claimed<T extends OutboxItem = NotificationRecord> = T & { claimToken: string };

/** What a release needs of a claim. */
type Held = NotificationKey & { claimToken: string };

const iso = (ms: number) => new Date(ms).toISOString();
const keyOf = (k: NotificationKey) => ({ feedbackId: k.feedbackId, channel: k.channel });

/**
 * Records a new notification, claimed by its `claimToken` if it has one (else due at its
 * `nextAttemptAt`, for the retrier); false when the pair was recorded before.
 */
export async function recordNew(store: NotificationStore, record: NotificationRecord): Promise<boolean> {
  try {
    await store.dynamo.send(
      new PutCommand({
        TableName: store.table,
        Item: record,
        ConditionExpression: 'attribute_not_exists(feedbackId)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw storeError('recording', record, error);
  }
}

/**
 * Claims a pending notification whose `nextAttemptAt` has passed, until `leaseUntil`; undefined
 * when it is sent, failed, or held by another sender. `seal` (digests) also sets `sealedAt` on
 * the first claim, in the same write, which closes the digest to further ids.
 */
export async function claim<T extends OutboxItem = NotificationRecord>(
  store: NotificationStore,
  key: NotificationKey,
  token: string,
  now: number,
  leaseUntil: number,
  options: { seal?: boolean } = {},
): Promise<Claimed<T> | undefined> {
  try {
    const { Attributes } = await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(key),
        UpdateExpression: `SET claimToken = :token, nextAttemptAt = :lease${
          options.seal ? ', sealedAt = if_not_exists(sealedAt, :now)' : ''
        }`,
        ConditionExpression: '#state = :pending AND nextAttemptAt <= :now',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':token': token,
          ':lease': iso(leaseUntil),
          ':pending': NotificationState.PENDING,
          ':now': iso(now),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes as Claimed<T>;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw storeError('claiming', key, error);
  }
}

/** Marks a claimed notification sent; false when the claim was lost (the lease ran out first). */
export function markSent(
  store: NotificationStore,
  claimed: Held,
  change: { attempts: number; status: number; now: number },
): Promise<boolean> {
  return release(
    store,
    claimed,
    'SET #state = :sent, sentAt = :now, attempts = attempts + :attempts, lastStatus = :status REMOVE nextAttemptAt, claimToken, lastError',
    {
      ':sent': NotificationState.SENT,
      ':now': iso(change.now),
      ':attempts': change.attempts,
      ':status': change.status,
    },
  );
}

/** Puts a claimed notification back for a later attempt at `nextAttemptAt`. */
export function defer(
  store: NotificationStore,
  claimed: Held,
  change: { attempts: number; nextAttemptAt: number; error: string; status?: number },
): Promise<boolean> {
  return release(
    store,
    claimed,
    `SET nextAttemptAt = :next, attempts = attempts + :attempts, deferrals = deferrals + :one, lastError = :error${
      change.status === undefined ? '' : ', lastStatus = :status'
    } REMOVE claimToken`,
    {
      ':next': iso(change.nextAttemptAt),
      ':attempts': change.attempts,
      ':one': 1,
      ':error': change.error,
      ...(change.status === undefined ? {} : { ':status': change.status }),
    },
  );
}

/** Marks a claimed notification failed for good. */
export function markFailed(
  store: NotificationStore,
  claimed: Held,
  change: { attempts: number; error: string; status?: number },
): Promise<boolean> {
  return release(
    store,
    claimed,
    `SET #state = :failed, attempts = attempts + :attempts, lastError = :error${
      change.status === undefined ? '' : ', lastStatus = :status'
    } REMOVE nextAttemptAt, claimToken`,
    {
      ':failed': NotificationState.FAILED,
      ':attempts': change.attempts,
      ':error': change.error,
      ...(change.status === undefined ? {} : { ':status': change.status }),
    },
  );
}

/** Marks a claimed notification whose feedback is now in its digest (`digestKey`). */
export function markDigested(store: NotificationStore, claimed: Held): Promise<boolean> {
  return release(store, claimed, 'SET #state = :digested REMOVE nextAttemptAt, claimToken', {
    ':digested': NotificationState.DIGESTED,
  });
}

/** One page of pending notifications due by `now`, oldest due first. */
export async function duePage(
  store: NotificationStore,
  now: number,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<{ records: OutboxItem[]; nextKey?: Record<string, unknown> }> {
  try {
    const page = await store.dynamo.send(
      new QueryCommand({
        TableName: store.table,
        IndexName: PENDING_INDEX,
        KeyConditionExpression: '#state = :pending AND nextAttemptAt <= :now',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pending': NotificationState.PENDING, ':now': iso(now) },
        Limit: limit,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    return {
      records: (page.Items ?? []) as OutboxItem[],
      ...(page.LastEvaluatedKey ? { nextKey: page.LastEvaluatedKey } : {}),
    };
  } catch (error) {
    throw new NotificationStoreError(`querying due notifications in ${store.table} failed`, { cause: error });
  }
}

async function release(
  store: NotificationStore,
  claimed: Held,
  update: string,
  values: Record<string, unknown>,
): Promise<boolean> {
  try {
    await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(claimed),
        UpdateExpression: update,
        ConditionExpression: 'claimToken = :token',
        ...(update.includes('#state') ? { ExpressionAttributeNames: { '#state': 'state' } } : {}),
        ExpressionAttributeValues: { ...values, ':token': claimed.claimToken },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw storeError('updating', claimed, error);
  }
}

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException'
  );
}

export function storeError(doing: string, key: NotificationKey, error: unknown): NotificationStoreError {
  return new NotificationStoreError(`${doing} notification ${key.feedbackId} → ${key.channel} failed`, {
    cause: error,
  });
}
