/**
 * Applying a delta to its window aggregate effectively once, with single-item conditional
 * updates (no transactions: they do not scale and the local DynamoDB has none).
 *
 * The aggregate records, per source partition, the highest offset it has counted (`o<p>`).
 * The update adds the delta's count only if, for every partition in the delta, every offset
 * is above the recorded one. Partitions are read in order and Lambda redelivers a partition
 * from its first unapplied record, so a delta that fails this check overlaps an earlier
 * application: the item is read back, the offsets already counted are dropped, and the rest
 * is applied. A replayed batch therefore adds nothing twice, and a partially applied batch
 * finishes on retry.
 */

import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { deltaSize, type WindowDelta } from './delta.js';
import { WindowContentionError } from './errors.js';
import { offsetAttribute, seriesOf, windowOf } from './schema.js';

export interface AggregateStore {
  dynamo: DynamoDBDocumentClient;
  table: string;
}

/** What applying one delta did. */
export interface DeltaApplication {
  /** Records added to the count (0 when all were counted before). */
  added: number;
  /** UpdateItem requests sent (conditional failures included). */
  writes: number;
  /** GetItem requests sent to resolve overlaps. */
  reads: number;
}

const ATTEMPTS = 6;

export async function applyDelta(
  store: AggregateStore,
  delta: WindowDelta,
  options: { now: number; signal?: AbortSignal },
): Promise<DeltaApplication> {
  const { metric, key, start } = delta;
  const end = start + metric.shape.sizeMs;
  const series = seriesOf(metric.name, key);
  let pending = delta.offsets;
  let writes = 0;
  let reads = 0;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const count = deltaSize({ ...delta, offsets: pending });
    if (count === 0) return { added: 0, writes, reads };
    const names: Record<string, string> = {
      '#window': 'window',
      '#metric': 'metric',
      '#key': 'key',
      '#end': 'end',
      '#expires': 'expiresAt',
      '#updated': 'updatedAt',
      '#count': 'count',
    };
    const values: Record<string, unknown> = {
      ':window': windowOf(metric.name, start),
      ':metric': metric.name,
      ':key': key,
      ':end': end,
      // Retention runs from the window end or from this write, whichever is later, so a backfill
      // of month-old events is kept as long as live data is (DynamoDB TTL is wall clock).
      ':expires': Math.ceil(Math.max(end, options.now) / 1000) + metric.retentionSeconds,
      ':updated': options.now,
      ':n': count,
    };
    const sets = ['#window = :window', '#metric = :metric', '#key = :key', '#end = :end'];
    sets.push('#expires = :expires', '#updated = :updated');
    const guards: string[] = [];
    for (const [partition, offsets] of pending) {
      if (offsets.length === 0) continue;
      const o = `#o${partition}`;
      names[o] = offsetAttribute(partition);
      values[`:max${partition}`] = offsets.at(-1);
      values[`:min${partition}`] = offsets[0];
      sets.push(`${o} = :max${partition}`);
      guards.push(`(attribute_not_exists(${o}) OR ${o} < :min${partition})`);
    }
    try {
      writes++;
      await store.dynamo.send(
        new UpdateCommand({
          TableName: store.table,
          Key: { series, start },
          UpdateExpression: `SET ${sets.join(', ')} ADD #count :n`,
          ConditionExpression: guards.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
        options.signal ? { abortSignal: options.signal } : {},
      );
      return { added: count, writes, reads };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    reads++;
    const { Item } = await store.dynamo.send(
      new GetCommand({ TableName: store.table, Key: { series, start }, ConsistentRead: true }),
      options.signal ? { abortSignal: options.signal } : {},
    );
    const next = new Map<number, number[]>();
    for (const [partition, offsets] of pending) {
      const counted = Item?.[offsetAttribute(partition)];
      next.set(partition, typeof counted === 'number' ? offsets.filter((o) => o > counted) : offsets);
    }
    pending = next;
  }
  throw new WindowContentionError(
    `${series} @ ${new Date(start).toISOString()}: still contended after ${ATTEMPTS} tries`,
  );
}
