/**
 * Daily mean PM10 per location, read back from the daily windows (`air-pm10-1d`, keyed by
 * location) that the window engine writes: mean = sum / count of the hourly readings counted.
 */

import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seriesOf } from '../lib/windows/index.js';
import { DAY_MS } from './forecast-days.js';

export interface DailyMeanStore {
  dynamo: DynamoDBDocumentClient;
  /** Physical name of the `windows` table. */
  table: string;
  /** The daily metric, e.g. `air-pm10-1d`. */
  metric: string;
}

/** `<location>|<day number>`: the key of a daily mean. */
export const dailyKey = (location: string, day: number): string => `${location}|${day}`;

/** The means of `locations` on `days` that have a window, keyed `dailyKey`. */
export async function dailyMeans(
  store: DailyMeanStore,
  locations: readonly string[],
  days: readonly number[],
): Promise<Map<string, number>> {
  const keys = locations.flatMap((location) =>
    days.map((day) => ({ series: seriesOf(store.metric, location), start: day * DAY_MS })),
  );
  const out = new Map<string, number>();
  const prefix = `${store.metric}|`;
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const answer = await store.dynamo.send(
        new BatchGetCommand({
          RequestItems: {
            [store.table]: {
              Keys: pending,
              ConsistentRead: true,
              ProjectionExpression: '#series, #start, #sum, #count',
              ExpressionAttributeNames: { '#series': 'series', '#start': 'start', '#sum': 'sum', '#count': 'count' },
            },
          },
        }),
      );
      for (const item of answer.Responses?.[store.table] ?? []) {
        const { series, start, sum, count } = item as { series: string; start: number; sum?: number; count?: number };
        if (typeof sum !== 'number' || typeof count !== 'number' || count <= 0) continue;
        out.set(dailyKey(series.slice(prefix.length), start / DAY_MS), sum / count);
      }
      pending = answer.UnprocessedKeys?.[store.table]?.Keys ?? [];
    }
  }
  return out;
}
