/**
 * Air quality now per location, read from the `air-now` table's `now` attribute: the AqiNow that
 * air-windows computes from the location's hourly rings (functions/air-windows/aqi-now.ts:
 * NowCast PM2.5, PM10 and ozone, their US AQI, the EAQI of the newest hour). The rider advice
 * is looked up from the AQI here, so it follows RIDER_ADVICE as it is now.
 */

import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type RiderAdvice, riderAdvice } from '../lib/air-quality/index.js';
import { type EaqiView, eaqiView, type UsCategoryView, usCategoryView } from './air-category.js';
import { QueryApiError } from './errors.js';

export interface AirNowView {
  /** The hour it applies to: the newest hour of the location's readings. */
  hour: string;
  /** US AQI of the NowCasts, or null when too few recent hours are known. */
  usAqi: number | null;
  category: UsCategoryView | null;
  /** Pollutant that sets the AQI. */
  dominant: string | null;
  /** EAQI of the newest hour's values. */
  eaqi: EaqiView | null;
  /** NowCasts: PM2.5 and PM10 in µg/m³, ozone in ppb; null when fewer than 2 of the 3 latest hours are known. */
  nowCast: { pm25: number | null; pm10: number | null; o3: number | null };
  /** Rider advice for `usAqi`, or null with it. */
  advice: RiderAdvice | null;
}

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The view of an item's `now`, or null when the item has none (no readings yet). */
export function airNowView(item: Record<string, unknown> | undefined): AirNowView | null {
  const now = item?.now as Record<string, unknown> | undefined;
  if (typeof now !== 'object' || now === null || typeof now.hour !== 'string') return null;
  const usAqi = numberOrNull(now.usAqi);
  const nowCast = (typeof now.nowCast === 'object' && now.nowCast !== null ? now.nowCast : {}) as Record<
    string,
    unknown
  >;
  const valid = usAqi !== null && Number.isInteger(usAqi) && usAqi >= 0;
  return {
    hour: now.hour,
    usAqi,
    category: usCategoryView(now.category),
    dominant: typeof now.dominant === 'string' ? now.dominant : null,
    eaqi: eaqiView(now.eaqiLevel),
    nowCast: { pm25: numberOrNull(nowCast.pm25), pm10: numberOrNull(nowCast.pm10), o3: numberOrNull(nowCast.o3) },
    advice: valid ? { ...riderAdvice(usAqi) } : null,
  };
}

/** One location's air now (GetItem), null before its first reading. */
export async function readAirNow(
  dynamo: DynamoDBDocumentClient,
  table: string,
  location: string,
): Promise<AirNowView | null> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: table,
      Key: { location },
      ProjectionExpression: '#now',
      ExpressionAttributeNames: { '#now': 'now' },
    }),
  );
  return airNowView(Item);
}

/** BatchGetItem takes at most 100 keys a request. */
const BATCH_GET_KEYS = 100;
const MAX_ATTEMPTS = 5;

/** Every named location's air now (BatchGetItem), by name; unprocessed keys are asked again with backoff. */
export async function readAirNows(
  dynamo: DynamoDBDocumentClient,
  table: string,
  locations: readonly string[],
): Promise<Map<string, AirNowView | null>> {
  const items = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < locations.length; i += BATCH_GET_KEYS) {
    let keys: Record<string, unknown>[] = locations.slice(i, i + BATCH_GET_KEYS).map((location) => ({ location }));
    for (let attempt = 1; keys.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS)
        throw new QueryApiError(`${keys.length} air-now key(s) stayed unprocessed after ${MAX_ATTEMPTS} attempts`);
      if (attempt > 1) await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** (attempt - 2)));
      const page = await dynamo.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: keys,
              ProjectionExpression: '#location, #now',
              ExpressionAttributeNames: { '#location': 'location', '#now': 'now' },
            },
          },
        }),
      );
      for (const item of page.Responses?.[table] ?? []) items.set(String(item.location), item);
      keys = (page.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return new Map(locations.map((location) => [location, airNowView(items.get(location))]));
}
