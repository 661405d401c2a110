/**
 * The keys of one window, largest count first, from the `by-window` GSI (partition `window`,
 * sort `count`): a Query read backwards, never a scan.
 *
 * Items of equal count come back in no defined order, so a top N that cut a run of ties at N
 * would change from call to call. Reading goes on until the count drops below the Nth kept
 * count, and ties are ordered by key. Expired items are skipped, which is why each page asks
 * for a few more items than are needed.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { WINDOW_INDEX, type WindowItem } from '../lib/windows/schema.js';
import { expressionNames } from './expression-names.js';
import { isLive } from './live-item.js';

/** One key's count in a window. */
export interface KeyCount {
  /** The key counted (fields joined by `|`). */
  key: string;
  /** Records counted for it in the window. */
  count: number;
}

export interface WindowKeysRequest {
  /** The windows table. */
  table: string;
  /** GSI partition: `windowOf(metric, start)`. */
  window: string;
  /** How many keys to return. */
  limit: number;
  /** Read every key of the window for `total` and `liveKeys` (else stop once the top `limit` is settled). */
  whole: boolean;
  /** Clock for expiry, epoch ms. */
  nowMs: number;
}

export interface WindowKeys {
  /** The `limit` largest counts, largest first, ties in key order. */
  top: KeyCount[];
  /** Sum of the counts of the live keys read: the window's total when `whole`. */
  total: number;
  /** Live keys read: all of the window's when `whole`. */
  liveKeys: number;
}

export async function readWindowKeys(dynamo: DynamoDBDocumentClient, request: WindowKeysRequest): Promise<WindowKeys> {
  const { limit, whole } = request;
  // Over-fetch a little for expired items and ties, so one request is the usual case.
  const pageLimit = whole ? undefined : limit + Math.max(2, Math.ceil(limit / 10));
  const kept: KeyCount[] = [];
  let total = 0;
  let liveKeys = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: request.table,
        IndexName: WINDOW_INDEX,
        KeyConditionExpression: '#window = :window',
        ExpressionAttributeNames: expressionNames<WindowItem>('window', 'key', 'count', 'expiresAt'),
        ExpressionAttributeValues: { ':window': request.window },
        ProjectionExpression: '#key, #count, #expiresAt',
        ScanIndexForward: false,
        ...(pageLimit === undefined ? {} : { Limit: pageLimit }),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    let lowest: number | undefined;
    for (const item of page.Items ?? []) {
      const count = Number(item.count);
      lowest = count;
      if (!isLive(item, request.nowMs)) continue;
      total += count;
      liveKeys++;
      // Counts arrive in descending order: an item ties the Nth kept one or falls below it.
      const nth = kept[limit - 1];
      if (nth === undefined || count === nth.count) kept.push({ key: String(item.key), count });
    }
    startKey = page.LastEvaluatedKey;
    const nth = kept[limit - 1];
    if (!whole && nth !== undefined && lowest !== undefined && lowest < nth.count) break;
  } while (startKey);
  kept.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { top: kept.slice(0, limit), total, liveKeys };
}
