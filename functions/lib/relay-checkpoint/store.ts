/**
 * A relay's checkpoint and lease, one DynamoDB item per relayed stream (table
 * `relay-checkpoints`, key `stream`). Shared by every scheduled relay (Wikimedia, X, Bluesky):
 *
 *   { stream, lastEventId?, state?, checkpointedAt?, relayed?, leaseOwner?, leaseExpiresAt? }
 *
 * - `stream` names what is relayed so that another source never resumes from its position:
 *   the EventStreams URL, the X API URL and search query, the Jetstream URL.
 * - `lastEventId` is where the next run resumes after, in the source's own terms: an SSE id,
 *   the newest X post id, a Jetstream `time_us`. `state` is whatever else a relay must carry
 *   between runs to resume exactly (X: the paging it had not finished; Bluesky: the post
 *   URIs it produced inside the replay overlap), written in the same conditional update.
 * - A run takes the lease with one conditional write that also returns the checkpoint, so the
 *   position it resumes from is the one its lease covers. The write succeeds only when no
 *   lease is held or the holder's has expired: two overlapping scheduled runs never both relay.
 * - Each checkpoint write is conditional on the lease still being this run's. A run whose
 *   lease expired and was taken over learns it at its next checkpoint and stops.
 * - The lease is released at the end of a run (conditionally, so a takeover is left alone), so
 *   the next scheduled run need not wait for it to expire.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RelayLeaseLostError } from './errors.js';

/** The checkpoint item. */
export interface RelayCheckpoint {
  /** What is relayed (a stream URL, an API URL and query). */
  stream: string;
  /** Position of the last acknowledged batch's last item (an SSE id, a post id, a `time_us`); the next run resumes after it. */
  lastEventId?: string;
  /** The relay's own resume state beside the position (absent: none). */
  state?: Record<string, unknown>;
  /** When it was written, epoch milliseconds. */
  checkpointedAt?: number;
  /** Records relayed over all runs (at least once: a re-relayed batch counts again). */
  relayed?: number;
  /** The run holding the lease. */
  leaseOwner?: string;
  /** When the lease lapses, epoch milliseconds. */
  leaseExpiresAt?: number;
}

/** Where checkpoints live. */
export interface CheckpointStore {
  dynamo: DynamoDBDocumentClient;
  /** The `relay-checkpoints` table. */
  table: string;
}

/** The outcome of asking for the lease. */
export type LeaseResult =
  | { acquired: true; checkpoint: RelayCheckpoint }
  | { acquired: false; checkpoint: RelayCheckpoint | undefined };

/** Takes the stream's lease for `owner` until `expiresAt` unless another run holds an unexpired one. */
export async function acquireLease(
  store: CheckpointStore,
  stream: string,
  owner: string,
  now: number,
  expiresAt: number,
): Promise<LeaseResult> {
  try {
    const { Attributes } = await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { stream },
        UpdateExpression: 'SET leaseOwner = :owner, leaseExpiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(leaseExpiresAt) OR leaseExpiresAt <= :now',
        ExpressionAttributeValues: { ':owner': owner, ':expires': expiresAt, ':now': now },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { acquired: true, checkpoint: Attributes as RelayCheckpoint };
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    return { acquired: false, checkpoint: await readCheckpoint(store, stream) };
  }
}

/**
 * Records that everything up to `lastEventId` is relayed, and the relay's `state` (null
 * removes it; undefined leaves it as it is); throws `RelayLeaseLostError` when the lease is gone.
 */
export async function saveCheckpoint(
  store: CheckpointStore,
  stream: string,
  owner: string,
  checkpoint: { lastEventId: string; relayed: number; now: number; state?: Record<string, unknown> | null },
): Promise<void> {
  const { state } = checkpoint;
  try {
    await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { stream },
        UpdateExpression:
          `SET lastEventId = :id, checkpointedAt = :now${state ? ', #state = :state' : ''} ADD relayed :n` +
          (state === null ? ' REMOVE #state' : ''),
        ConditionExpression: 'leaseOwner = :owner',
        // `state` is a DynamoDB reserved word.
        ...(state !== undefined ? { ExpressionAttributeNames: { '#state': 'state' } } : {}),
        ExpressionAttributeValues: {
          ':id': checkpoint.lastEventId,
          ':now': checkpoint.now,
          ':n': checkpoint.relayed,
          ':owner': owner,
          ...(state ? { ':state': state } : {}),
        },
      }),
    );
  } catch (error) {
    if (conditionFailed(error)) throw new RelayLeaseLostError(stream, owner, { cause: error });
    throw error;
  }
}

/** Gives the lease up if `owner` still holds it; resolves either way. */
export async function releaseLease(store: CheckpointStore, stream: string, owner: string): Promise<boolean> {
  try {
    await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { stream },
        UpdateExpression: 'REMOVE leaseOwner, leaseExpiresAt',
        ConditionExpression: 'leaseOwner = :owner',
        ExpressionAttributeValues: { ':owner': owner },
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** The stream's checkpoint item, if any. */
export async function readCheckpoint(store: CheckpointStore, stream: string): Promise<RelayCheckpoint | undefined> {
  const { Item } = await store.dynamo.send(
    new GetCommand({ TableName: store.table, Key: { stream }, ConsistentRead: true }),
  );
  return Item as RelayCheckpoint | undefined;
}

/** A refused condition, whichever copy of the SDK's error class threw it. */
function conditionFailed(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException'
  );
}
