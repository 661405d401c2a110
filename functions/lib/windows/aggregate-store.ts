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
import { deltaAbove, deltaSize, deltaStats, type WindowDelta } from './delta.js';
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
  const abort = options.signal ? { abortSignal: options.signal } : {};
  let pending = delta;
  let writes = 0;
  let reads = 0;
  let read: Record<string, unknown> | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const count = deltaSize(pending);
    if (count === 0) {
      writes += await applyExtremes(store, delta, read, abort);
      return { added: 0, writes, reads };
    }
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
    const adds = ['#count :n'];
    const stats = deltaStats(pending);
    if (stats !== undefined) {
      names['#sum'] = 'sum';
      values[':sum'] = stats.sum;
      adds.push('#sum :sum');
      // A new item takes its extremes in the same write; an existing one keeps its own, and
      // applyExtremes moves them only where this delta goes further (most windows: no write).
      names['#min'] = 'min';
      names['#max'] = 'max';
      values[':lo'] = stats.min;
      values[':hi'] = stats.max;
      sets.push('#min = if_not_exists(#min, :lo)', '#max = if_not_exists(#max, :hi)');
    }
    const guards: string[] = [];
    for (const [partition, offsets] of pending.offsets) {
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
      const out = await store.dynamo.send(
        new UpdateCommand({
          TableName: store.table,
          Key: { series, start },
          UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
          ConditionExpression: guards.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ...(stats === undefined ? {} : { ReturnValues: 'ALL_NEW' as const }),
        }),
        abort,
      );
      writes += await applyExtremes(store, delta, out.Attributes, abort);
      return { added: count, writes, reads };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    reads++;
    const { Item } = await store.dynamo.send(
      new GetCommand({ TableName: store.table, Key: { series, start }, ConsistentRead: true }),
      abort,
    );
    read = Item;
    pending = deltaAbove(pending, (partition) => {
      const counted = Item?.[offsetAttribute(partition)];
      return typeof counted === 'number' ? counted : undefined;
    });
  }
  throw new WindowContentionError(
    `${series} @ ${new Date(start).toISOString()}: still contended after ${ATTEMPTS} tries`,
  );
}

/**
 * Lowers `min` and raises `max` of a numeric aggregate to the delta's. Minimum and maximum are
 * idempotent, so unlike the sum they need no offset guard: a replay changes nothing. Each is a
 * conditional update that only moves the value in its own direction, so concurrent batches of
 * other partitions cannot undo each other. Skipped when the item as just written (`item`)
 * already holds values at least as extreme. Returns the writes sent.
 */
async function applyExtremes(
  store: AggregateStore,
  delta: WindowDelta,
  item: Record<string, unknown> | undefined,
  abort: { abortSignal?: AbortSignal },
): Promise<number> {
  const stats = deltaStats(delta);
  if (stats === undefined) return 0;
  const series = seriesOf(delta.metric.name, delta.key);
  let writes = 0;
  for (const [attribute, value, beats] of [
    ['min', stats.min, '>'],
    ['max', stats.max, '<'],
  ] as const) {
    const stored = item?.[attribute];
    if (typeof stored === 'number' && !(beats === '>' ? stored > value : stored < value)) continue;
    writes++;
    try {
      await store.dynamo.send(
        new UpdateCommand({
          TableName: store.table,
          Key: { series, start: delta.start },
          UpdateExpression: 'SET #a = :v',
          // attribute_exists(#count): never create an item that the counting update has not.
          ConditionExpression: `attribute_exists(#count) AND (attribute_not_exists(#a) OR #a ${beats} :v)`,
          ExpressionAttributeNames: { '#a': attribute, '#count': 'count' },
          ExpressionAttributeValues: { ':v': value },
        }),
        abort,
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  return writes;
}
