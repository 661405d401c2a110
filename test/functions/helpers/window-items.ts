import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  lastSeenAttribute,
  maxEventTimeAttribute,
  offsetAttribute,
  seriesOf,
  type WindowItem,
  type WindowStateItem,
  windowOf,
} from '../../../functions/lib/windows/schema.js';

/**
 * Window aggregates and metric state as the window engine stores them
 * (functions/lib/windows/schema.ts), for tests of what reads them.
 */

/** The aggregate of `key` in the window of `metric` starting at `start`. */
export function windowItem(
  metric: string,
  key: string,
  window: { start: number; sizeMs: number },
  count: number,
  overrides: { expiresAt?: number; updatedAt?: number } = {},
): WindowItem {
  const end = window.start + window.sizeMs;
  const item: WindowItem = {
    series: seriesOf(metric, key),
    start: window.start,
    end,
    window: windowOf(metric, window.start),
    count,
    metric,
    key,
    updatedAt: overrides.updatedAt ?? end,
    // Window end plus a week: the retention of the metrics these tests use.
    expiresAt: overrides.expiresAt ?? Math.floor(end / 1000) + 7 * 86_400,
  };
  item[offsetAttribute(0) as `o${number}`] = count - 1;
  return item;
}

/** A metric's state item: per source partition its highest event time (and when it last delivered), and the watermark. */
export function stateItem(
  metric: string,
  state: { maxEventTimes?: number[]; watermark?: number; updatedAt?: number; late?: number; future?: number },
): WindowStateItem {
  const item: WindowStateItem = { metric, version: 1, updatedAt: state.updatedAt ?? 0 };
  (state.maxEventTimes ?? []).forEach((t, partition) => {
    item[maxEventTimeAttribute(partition) as `m${number}`] = t;
    item[lastSeenAttribute(partition) as `s${number}`] = t;
  });
  if (state.watermark !== undefined) item.watermark = state.watermark;
  if (state.late !== undefined) item.lateRecords = state.late;
  if (state.future !== undefined) item.futureRecords = state.future;
  return item;
}

/** Writes items (25 a request, unprocessed ones again until none are left). */
export async function putItems(
  documents: DynamoDBDocumentClient,
  table: string,
  items: readonly object[],
): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: item as Record<string, unknown> } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}
