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

/** Count by window start (epoch ms). */
export async function readSeriesCounts(
  dynamo: DynamoDBDocumentClient,
  request: SeriesRequest,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: request.table,
        KeyConditionExpression: '#series = :series AND #start BETWEEN :first AND :last',
        ExpressionAttributeNames: expressionNames<WindowItem>('series', 'start', 'count', 'expiresAt'),
        ExpressionAttributeValues: {
          ':series': request.series,
          ':first': request.firstStart,
          ':last': request.lastStart,
        },
        ProjectionExpression: '#start, #count, #expiresAt',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (isLive(item, request.nowMs)) counts.set(Number(item.start), Number(item.count));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return counts;
}
