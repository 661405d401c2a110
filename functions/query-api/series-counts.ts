/**
 * One key's counts over a range of windows: a Query on the windows table's own key (partition
 * `series`, sort `start`), every page of it. Windows without a live item are simply absent.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { WindowItem } from '../lib/windows/schema.js';
import { expressionNames } from './expression-names.js';
import { isLive } from './live-item.js';

export interface SeriesRequest {
  /** The windows table. */
  table: string;
  /** `seriesOf(metric, key)`. */
  series: string;
  /** First and last window start wanted, epoch ms, both inclusive. */
  firstStart: number;
  lastStart: number;
  /** Clock for expiry, epoch ms. */
  nowMs: number;
}

/** One window of a series: its count and, for a numeric metric, the sum and extremes of its values. */
export interface SeriesWindow {
  count: number;
  sum?: number;
  min?: number;
  max?: number;
}

/** Each window with a live item, by start (epoch ms). */
export async function readSeriesCounts(
  dynamo: DynamoDBDocumentClient,
  request: SeriesRequest,
): Promise<Map<number, SeriesWindow>> {
  const counts = new Map<number, SeriesWindow>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: request.table,
        KeyConditionExpression: '#series = :series AND #start BETWEEN :first AND :last',
        ExpressionAttributeNames: expressionNames<WindowItem>(
          'series',
          'start',
          'count',
          'expiresAt',
          'sum',
          'min',
          'max',
        ),
        ExpressionAttributeValues: {
          ':series': request.series,
          ':first': request.firstStart,
          ':last': request.lastStart,
        },
        ProjectionExpression: '#start, #count, #expiresAt, #sum, #min, #max',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (!isLive(item, request.nowMs)) continue;
      const window: SeriesWindow = { count: Number(item.count) };
      for (const stat of ['sum', 'min', 'max'] as const) if (typeof item[stat] === 'number') window[stat] = item[stat];
      counts.set(Number(item.start), window);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return counts;
}
