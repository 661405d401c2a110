/**
 * Writing a batch's scored feedback (`TABLE_FEEDBACK`, key `id`) so that a replay changes
 * nothing and an older record never replaces a later one of the same id:
 *
 * 1. Within the batch, only the last record per id is written (the highest offset: records
 *    with one id share a partition, since producers key them by id); the others are
 *    `superseded`.
 * 2. `BatchGetItem` (strongly consistent, 100 keys a request) reads the position each id was
 *    last written from. An item is written unless the table holds that id from a later
 *    offset of the same partition (then it is `superseded`). Across partitions there is no
 *    order to keep, and the latest write wins.
 * 3. `BatchWriteItem` (25 puts a request) writes the rest; unprocessed items are retried
 *    with backoff, and those still unwritten fail (their records are delivered again).
 *
 * The item is a function of the record and the model (no clock, no random), so rewriting it
 * on a replay writes the same bytes. Reading then writing is safe here because Lambda runs at
 * most one batch per partition at a time, one consumer group per trigger, so no other writer
 * of an id's partition runs between the read and the write. This does with ~1/20 of the
 * requests what one conditional `PutItem` per record would: the SDK's own cost per request
 * (signing, serialising, HTTP) is what bounds a scorer that writes every record.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { settleConcurrently } from '../lib/concurrency/index.js';
import { FeedbackWriteError } from './errors.js';
import type { ScoredFeedbackItem } from './scored-feedback.js';

export interface FeedbackStore {
  dynamo: DynamoDBDocumentClient;
  table: string;
}

/** What became of one item: written, not written because a later record of its id is (or will be) stored, or an error. */
export type FeedbackWrite = 'written' | 'superseded' | FeedbackWriteError;

export interface WriteOptions {
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Attempts at a request's unprocessed items before they fail (default 5). */
  maxAttempts?: number;
  signal?: AbortSignal;
  /** Backoff sleep (default: real timers). */
  sleep?: (ms: number) => Promise<void>;
}

const GET_CHUNK = 100;
const WRITE_CHUNK = 25;
const BASE_BACKOFF_MS = 50;

type Position = { sourcePartition: string; sourceOffset: number };

/** Writes the items; resolves to each item's outcome, in input order. Never rejects. */
export async function writeScoredFeedback(
  store: FeedbackStore,
  items: readonly ScoredFeedbackItem[],
  options: WriteOptions = {},
): Promise<FeedbackWrite[]> {
  const outcomes: FeedbackWrite[] = new Array(items.length);
  const concurrency = options.concurrency ?? 8;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const send = { ...(options.signal ? { abortSignal: options.signal } : {}) };

  // 1. The last record per id in the batch.
  const last = new Map<string, number>();
  items.forEach((item, i) => {
    const previous = last.get(item.id);
    if (previous !== undefined) outcomes[previous] = 'superseded';
    last.set(item.id, i);
  });
  const candidates = [...last.values()];

  // 2. Where each id was last written from.
  const stored = new Map<string, Position>();
  const readChunks = chunks(candidates, GET_CHUNK);
  const reads = await settleConcurrently(readChunks, concurrency, async (chunk) => {
    let keys: Record<string, unknown>[] = chunk.map((i) => ({ id: items[i]!.id }));
    for (let attempt = 1; keys.length > 0; attempt++) {
      if (attempt > (options.maxAttempts ?? 5)) throw new Error(`${keys.length} key(s) stayed unprocessed`);
      if (attempt > 1) await sleep(backoff(attempt));
      const page = await store.dynamo.send(
        new BatchGetCommand({
          RequestItems: {
            [store.table]: {
              Keys: keys,
              ConsistentRead: true,
              ProjectionExpression: 'id, sourcePartition, sourceOffset',
            },
          },
        }),
        send,
      );
      for (const found of page.Responses?.[store.table] ?? []) stored.set(String(found.id), found as Position);
      keys = (page.UnprocessedKeys?.[store.table]?.Keys ?? []) as Record<string, unknown>[];
    }
  });
  const unreadable = new Set<number>();
  reads.forEach((read, c) => {
    if (read.status === 'fulfilled') return;
    for (const i of readChunks[c]!) {
      unreadable.add(i);
      outcomes[i] = new FeedbackWriteError(items[i]!.id, store.table, { cause: read.reason });
    }
  });

  // 3. Write what is not superseded.
  const toWrite: number[] = [];
  for (const i of candidates) {
    if (unreadable.has(i)) continue;
    const item = items[i]!;
    const at = stored.get(item.id);
    if (at && at.sourcePartition === item.sourcePartition && at.sourceOffset > item.sourceOffset) {
      outcomes[i] = 'superseded';
    } else toWrite.push(i);
  }
  const writes = chunks(toWrite, WRITE_CHUNK);
  const results = await settleConcurrently(writes, concurrency, async (chunk) => {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > (options.maxAttempts ?? 5)) return pending;
      if (attempt > 1) await sleep(backoff(attempt));
      const { UnprocessedItems } = await store.dynamo.send(
        new BatchWriteCommand({
          RequestItems: { [store.table]: pending.map((i) => ({ PutRequest: { Item: items[i]! } })) },
        }),
        send,
      );
      const unprocessed = new Set(
        (UnprocessedItems?.[store.table] ?? []).map((request) => String(request.PutRequest?.Item?.id)),
      );
      pending = pending.filter((i) => unprocessed.has(items[i]!.id));
    }
    return [];
  });
  results.forEach((result, c) => {
    const chunk = writes[c]!;
    const unwritten = new Set(result.status === 'fulfilled' ? result.value : chunk);
    for (const i of chunk) {
      outcomes[i] = unwritten.has(i)
        ? new FeedbackWriteError(items[i]!.id, store.table, {
            cause: result.status === 'rejected' ? result.reason : new Error('left unprocessed by DynamoDB'),
          })
        : 'written';
    }
  });
  return outcomes;
}

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Full jitter over 50 ms × 2^(attempt - 2), as DynamoDB's guidance for unprocessed items asks. */
function backoff(attempt: number): number {
  return Math.random() * BASE_BACKOFF_MS * 2 ** (attempt - 2);
}
