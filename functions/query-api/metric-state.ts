/**
 * A metric's progress as the query API needs it, read from its `window-state` item
 * (functions/lib/windows/schema.ts): the watermark, and the highest event time any source
 * partition has delivered, which places the newest window.
 */

import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { partitionProgress } from '../lib/windows/schema.js';
import { QueryApiError } from './errors.js';
import { isLive } from './live-item.js';

export interface MetricState {
  /** Epoch ms; windows whose end is at or before it are final. Undefined until the engine sets one. */
  watermark?: number;
  /** The highest event time over the metric's source partitions, epoch ms. Undefined before any record. */
  maxEventTime?: number;
  /** Records left out of the counts as late, and as dated too far ahead (absent before any). */
  lateRecords?: number;
  futureRecords?: number;
}

/** The state an item holds; an absent or expired item holds none. */
export function metricState(item: Record<string, unknown> | undefined, nowMs: number): MetricState {
  if (!item || !isLive(item, nowMs)) return {};
  const state: MetricState = {};
  if (typeof item.watermark === 'number') state.watermark = item.watermark;
  if (typeof item.lateRecords === 'number') state.lateRecords = item.lateRecords;
  if (typeof item.futureRecords === 'number') state.futureRecords = item.futureRecords;
  const times = partitionProgress(item).flatMap((p) => (p.maxEventTime === undefined ? [] : [p.maxEventTime]));
  if (times.length > 0) state.maxEventTime = Math.max(...times);
  return state;
}

/** One metric's state (GetItem). */
export async function readMetricState(
  dynamo: DynamoDBDocumentClient,
  table: string,
  metric: string,
  nowMs: number,
): Promise<MetricState> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table, Key: { metric } }));
  return metricState(Item, nowMs);
}

/** BatchGetItem takes at most 100 keys a request. */
const BATCH_GET_KEYS = 100;
const MAX_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 50;

/** Every named metric's state (BatchGetItem), by name; unprocessed keys are retried with backoff. */
export async function readMetricStates(
  dynamo: DynamoDBDocumentClient,
  table: string,
  metrics: readonly string[],
  nowMs: number,
): Promise<Map<string, MetricState>> {
  const items = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < metrics.length; i += BATCH_GET_KEYS) {
    let keys: Record<string, unknown>[] = metrics.slice(i, i + BATCH_GET_KEYS).map((metric) => ({ metric }));
    for (let attempt = 1; keys.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new QueryApiError(`${keys.length} window-state key(s) stayed unprocessed after ${MAX_ATTEMPTS} attempts`);
      }
      if (attempt > 1) await sleep(Math.random() * BASE_BACKOFF_MS * 2 ** (attempt - 2));
      const page = await dynamo.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
      for (const item of page.Responses?.[table] ?? []) items.set(String(item.metric), item);
      keys = (page.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return new Map(metrics.map((metric) => [metric, metricState(items.get(metric), nowMs)]));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
