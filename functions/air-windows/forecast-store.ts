/**
 * The `air-forecasts` table (AirForecastItem, key (location, date)): read by key, written once.
 *
 * A forecast is written with `attribute_not_exists`: the first write of a (location, date)
 * wins and stays. A replayed batch, a retry, or a concurrent container computing the same
 * forecast writes nothing. A later computation that would differ (weather that arrived after
 * the first, a model published meanwhile) is not written either: what riders were told, and
 * what was alerted on, does not change under them, and the item names the model that made it.
 * The daily means it is computed from cannot change once their window is final.
 */

import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AirForecastItem } from '../lib/air-records/index.js';

export interface ForecastStore {
  dynamo: DynamoDBDocumentClient;
  /** Physical name of the `air-forecasts` table. */
  table: string;
}

/** `<location>|<date>`: how forecasts are keyed in memory. */
export const forecastKey = (location: string, date: string): string => `${location}|${date}`;

/** The stored forecasts among `keys`, keyed `forecastKey`. */
export async function storedForecasts(
  store: ForecastStore,
  keys: readonly { location: string; date: string }[],
): Promise<Map<string, AirForecastItem>> {
  const out = new Map<string, AirForecastItem>();
  const unique = [...new Map(keys.map((k) => [forecastKey(k.location, k.date), k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Record<string, unknown>[] = unique.slice(i, i + 100).map(({ location, date }) => ({ location, date }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const answer = await store.dynamo.send(
        new BatchGetCommand({ RequestItems: { [store.table]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of (answer.Responses?.[store.table] ?? []) as AirForecastItem[])
        out.set(forecastKey(item.location, item.date), item);
      pending = answer.UnprocessedKeys?.[store.table]?.Keys ?? [];
    }
  }
  return out;
}

/** Writes `item` unless its (location, date) has a forecast; true when this call wrote it. */
export async function putForecastOnce(store: ForecastStore, item: AirForecastItem): Promise<boolean> {
  try {
    await store.dynamo.send(
      new PutCommand({
        TableName: store.table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#location)',
        ExpressionAttributeNames: { '#location': 'location' },
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
