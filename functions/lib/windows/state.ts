/**
 * A metric's watermark state in the `window-state` table (one item per metric, see schema.ts):
 * read at the start of a batch, advanced after it with an optimistic-concurrency update, since
 * the invokes of different partitions write the same item concurrently.
 */

import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { WindowContentionError } from './errors.js';
import type { WindowMetric } from './metric.js';
import { lastSeenAttribute, maxEventTimeAttribute, type PartitionProgress, partitionProgress } from './schema.js';
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
 * Records that partitions delivered events up to `batchMax` (partition → max event time of the
 * batch) at `now`, and moves the watermark on. Retries on a concurrent update from another
 * partition's invoke, re-reading the item each time.
 */
export async function advanceState(
  store: StateStore,
  metric: WindowMetric,
  batchMax: ReadonlyMap<number, number>,
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
    for (const [partition, max] of batchMax) {
      const p = progress.get(partition);
      progress.set(partition, {
        partition,
        maxEventTime: p === undefined ? max : Math.max(p.maxEventTime, max),
        lastSeen: options.now,
      });
    }
    const merged = [...progress.values()].sort((a, b) => a.partition - b.partition);
    const watermark = watermarkOf(merged, {
      latenessMs: metric.latenessMs,
      idleTimeoutMs: metric.idleTimeoutMs,
      now: options.now,
      previous: state.watermark,
    });
    const names: Record<string, string> = { '#v': 'version', '#u': 'updatedAt' };
    const values: Record<string, unknown> = { ':v': state.version + 1, ':now': options.now };
    const sets = ['#v = :v', '#u = :now'];
    for (const partition of batchMax.keys()) {
      const p = progress.get(partition) as PartitionProgress;
      names[`#m${partition}`] = maxEventTimeAttribute(partition);
      names[`#s${partition}`] = lastSeenAttribute(partition);
      values[`:m${partition}`] = p.maxEventTime;
      sets.push(`#m${partition} = :m${partition}`, `#s${partition} = :now`);
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
      return { metric: metric.name, exists: true, version: state.version + 1, watermark, progress: merged };
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
