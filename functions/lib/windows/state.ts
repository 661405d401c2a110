/**
 * A metric's watermark state in the `window-state` table (one item per metric, see schema.ts):
 * read at the start of a batch, advanced after it with an optimistic-concurrency update, since
 * the invokes of different partitions write the same item concurrently.
 */

import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { WindowContentionError } from './errors.js';
import type { WindowMetric } from './metric.js';
import {
  judgedAttribute,
  lastSeenAttribute,
  maxEventTimeAttribute,
  type PartitionProgress,
  partitionProgress,
} from './schema.js';
import { watermarkOf } from './watermark.js';

/** A metric's state as read. */
export interface MetricState {
  metric: string;
  /** Whether the item exists (the first batch creates it). */
  exists: boolean;
  version: number;
  /** Epoch ms; undefined until some partition delivered an event. */
  watermark: number | undefined;
  progress: PartitionProgress[];
  /** When the metric first received records; undefined before. */
  firstDeliveryAt: number | undefined;
  /** Records left out of the counts as late, and as too far in the future (each counted once). */
  lateRecords: number;
  futureRecords: number;
}

/** What one batch delivered from one source partition, for the state update. */
export interface PartitionDelivery {
  /** Highest event time among its records that count as delivered; undefined when none. */
  maxEventTime?: number | undefined;
  /** Highest offset whose verdict the batch settles (records before a failed one); undefined when none. */
  judgedThrough?: number | undefined;
  /** Offsets left out as late, and as future (only those up to `judgedThrough`). */
  late: readonly number[];
  future: readonly number[];
}

export interface StateStore {
  dynamo: DynamoDBDocumentClient;
  table: string;
}

const ATTEMPTS = 10;

export function stateOf(metric: string, item: Record<string, unknown> | undefined): MetricState {
  return {
    metric,
    exists: item !== undefined,
    version: typeof item?.version === 'number' ? item.version : 0,
    watermark: typeof item?.watermark === 'number' ? item.watermark : undefined,
    progress: partitionProgress(item),
    firstDeliveryAt: typeof item?.firstDeliveryAt === 'number' ? item.firstDeliveryAt : undefined,
    lateRecords: typeof item?.lateRecords === 'number' ? item.lateRecords : 0,
    futureRecords: typeof item?.futureRecords === 'number' ? item.futureRecords : 0,
  };
}

/** Every listed metric's state, strongly consistent (a cold container must see the last batch's watermark). */
export async function readStates(store: StateStore, metrics: readonly string[]): Promise<Map<string, MetricState>> {
  const items = new Map<string, Record<string, unknown>>();
  let keys: Record<string, unknown>[] = metrics.map((metric) => ({ metric }));
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt >= ATTEMPTS)
      throw new WindowContentionError(`window-state reads left unprocessed after ${ATTEMPTS} tries`);
    if (attempt > 0) await backoff(attempt);
    const out = await store.dynamo.send(
      new BatchGetCommand({ RequestItems: { [store.table]: { Keys: keys, ConsistentRead: true } } }),
    );
    for (const item of out.Responses?.[store.table] ?? []) items.set(item.metric as string, item);
    keys = (out.UnprocessedKeys?.[store.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  return new Map(metrics.map((m) => [m, stateOf(m, items.get(m))]));
}

/**
 * Records what a batch delivered per partition at `now` (every partition in it counts as seen,
 * failed records included: a partition being retried is busy, not idle), adds its late and
 * future records to the metric's counts once, and moves the watermark on. Retries on a
 * concurrent update from another partition's invoke, re-reading the item each time.
 */
export async function advanceState(
  store: StateStore,
  metric: WindowMetric,
  delivered: ReadonlyMap<number, PartitionDelivery>,
  options: { now: number; read?: MetricState },
): Promise<MetricState> {
  let state = options.read;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (state === undefined || attempt > 0) {
      if (attempt > 0) await backoff(attempt);
      const out = await store.dynamo.send(
        new GetCommand({ TableName: store.table, Key: { metric: metric.name }, ConsistentRead: true }),
      );
      state = stateOf(metric.name, out.Item);
    }
    const progress = new Map(state.progress.map((p) => [p.partition, { ...p }]));
    let lateRecords = state.lateRecords;
    let futureRecords = state.futureRecords;
    for (const [partition, d] of delivered) {
      const p = progress.get(partition);
      const judged = p?.judged ?? -1;
      lateRecords += d.late.filter((o) => o > judged).length;
      futureRecords += d.future.filter((o) => o > judged).length;
      const maxes = [p?.maxEventTime, d.maxEventTime].filter((t): t is number => t !== undefined);
      progress.set(partition, {
        partition,
        maxEventTime: maxes.length === 0 ? undefined : Math.max(...maxes),
        lastSeen: options.now,
        judged: d.judgedThrough === undefined ? judged : Math.max(judged, d.judgedThrough),
      });
    }
    const merged = [...progress.values()].sort((a, b) => a.partition - b.partition);
    const firstDeliveryAt = state.firstDeliveryAt ?? options.now;
    const watermark = watermarkOf(merged, {
      latenessMs: metric.latenessMs,
      idleTimeoutMs: metric.idleTimeoutMs,
      now: options.now,
      previous: state.watermark,
      partitions: metric.sourcePartitions,
      firstDeliveryAt,
    });
    const names: Record<string, string> = {
      '#v': 'version',
      '#u': 'updatedAt',
      '#f': 'firstDeliveryAt',
      '#late': 'lateRecords',
      '#future': 'futureRecords',
    };
    const values: Record<string, unknown> = {
      ':v': state.version + 1,
      ':now': options.now,
      ':f': firstDeliveryAt,
      ':late': lateRecords,
      ':future': futureRecords,
    };
    const sets = ['#v = :v', '#u = :now', '#f = :f', '#late = :late', '#future = :future'];
    for (const partition of delivered.keys()) {
      const p = progress.get(partition) as PartitionProgress;
      names[`#s${partition}`] = lastSeenAttribute(partition);
      sets.push(`#s${partition} = :now`);
      if (p.maxEventTime !== undefined) {
        names[`#m${partition}`] = maxEventTimeAttribute(partition);
        values[`:m${partition}`] = p.maxEventTime;
        sets.push(`#m${partition} = :m${partition}`);
      }
      if (p.judged !== undefined && p.judged >= 0) {
        names[`#j${partition}`] = judgedAttribute(partition);
        values[`:j${partition}`] = p.judged;
        sets.push(`#j${partition} = :j${partition}`);
      }
    }
    if (watermark !== undefined) {
      names['#w'] = 'watermark';
      values[':w'] = watermark;
      sets.push('#w = :w');
    }
    let condition = 'attribute_not_exists(#v)';
    if (state.exists) {
      condition = '#v = :read';
      values[':read'] = state.version;
    }
    try {
      await store.dynamo.send(
        new UpdateCommand({
          TableName: store.table,
          Key: { metric: metric.name },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return {
        metric: metric.name,
        exists: true,
        version: state.version + 1,
        watermark,
        progress: merged,
        firstDeliveryAt,
        lateRecords,
        futureRecords,
      };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  throw new WindowContentionError(`${metric.name}: window state kept changing under ${ATTEMPTS} updates`);
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(1000, 10 * 2 ** attempt) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
