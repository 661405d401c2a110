/**
 * The `air-weather` table: one item per location holding its latest weather record.
 *
 *   location  S  partition key
 *   hour      S  the record's hour, YYYY-MM-DDTHH:00:00Z
 *   version   S  "<hour>|<partition>|<offset>" (zero-padded): what "newer" means
 *   weather   M  the validated weather record
 *
 * A write only ever moves `version` forward (conditional Put), so the item is the record with
 * the greatest (hour, partition, offset) whatever order batches are delivered or replayed in:
 * a later hour wins, and within an hour the later poll (records of one key share a partition,
 * so the offset orders the polls). Replaying a record finds its own version and writes nothing.
 *
 * The same item also holds the next days' weather forecasts (weather-forecast-store.ts), so the
 * latest record is written with an update of its own attributes, never a put of the whole item.
 */

import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WeatherRecord } from '../lib/air-records/index.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';

export interface WeatherStore {
  dynamo: DynamoDBDocumentClient;
  /** Physical name of the `air-weather` table. */
  table: string;
}

/** What the table holds per location. */
export interface LatestWeatherItem {
  location: string;
  hour: string;
  version: string;
  weather: WeatherRecord;
}

/** The version a weather record is stored under: orders records by hour, then by position in the topic. */
export function weatherVersion(weather: WeatherRecord, record: Pick<DecodedRecord, 'partition' | 'offset'>): string {
  return `${weather.hour}|${String(record.partition).padStart(5, '0')}|${String(record.offset).padStart(20, '0')}`;
}

/**
 * Stores each location's newest weather of `weathers` unless the table already holds a newer
 * one. Returns how many items moved forward.
 */
export async function storeLatestWeather(
  store: WeatherStore,
  weathers: readonly { record: DecodedRecord; weather: WeatherRecord }[],
): Promise<number> {
  const newest = new Map<string, LatestWeatherItem>();
  for (const { record, weather } of weathers) {
    const version = weatherVersion(weather, record);
    const held = newest.get(weather.location);
    if (held === undefined || held.version < version)
      newest.set(weather.location, { location: weather.location, hour: weather.hour, version, weather });
  }
  const moved = await Promise.all(
    [...newest.values()].map(async (item) => {
      try {
        await store.dynamo.send(
          new UpdateCommand({
            TableName: store.table,
            Key: { location: item.location },
            UpdateExpression: 'SET #hour = :hour, #version = :version, #weather = :weather',
            ConditionExpression: 'attribute_not_exists(#version) OR #version < :version',
            ExpressionAttributeNames: { '#hour': 'hour', '#version': 'version', '#weather': 'weather' },
            ExpressionAttributeValues: { ':hour': item.hour, ':version': item.version, ':weather': item.weather },
          }),
        );
        return 1;
      } catch (error) {
        // The table already holds this record or a newer one: nothing to do.
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return 0;
        throw error;
      }
    }),
  );
  return moved.reduce<number>((a, b) => a + b, 0);
}

/** The latest weather of each of `locations` that has any, in BatchGet requests of up to 100 keys. */
export async function latestWeather(
  store: WeatherStore,
  locations: Iterable<string>,
): Promise<Map<string, WeatherRecord>> {
  const out = new Map<string, WeatherRecord>();
  const keys = [...new Set(locations)].map((location) => ({ location }));
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + 100);
    // Unprocessed keys are asked again; DynamoDB returns them under throttling.
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const answer = await store.dynamo.send(
        new BatchGetCommand({ RequestItems: { [store.table]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of (answer.Responses?.[store.table] ?? []) as Partial<LatestWeatherItem>[])
        if (item.location !== undefined && item.weather !== undefined) out.set(item.location, item.weather);
      pending = answer.UnprocessedKeys?.[store.table]?.Keys ?? [];
    }
  }
  return out;
}
