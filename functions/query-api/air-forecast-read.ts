/**
 * Forecasts from the `air-forecasts` table (AirForecastItem of functions/lib/air-records: one
 * item per location and forecast day, written when the day before closes). The items are
 * another function's writing, so each field is checked as it is read: an item without a day or
 * a predicted PM10 is skipped, a field of the wrong type reads as null.
 */

import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type RiderAdvice, riderAdvice } from '../lib/air-quality/index.js';
import type { AirForecastItem, AirForecastItemReason } from '../lib/air-records/index.js';
import { type EaqiView, eaqiView, type UsCategoryView, usCategoryView } from './air-category.js';
import { addDays } from './air-dates.js';
import { expressionNames } from './expression-names.js';

export interface AirForecastView {
  /** The day forecast, YYYY-MM-DD (UTC). */
  date: string;
  /** The closed day whose means it was computed from. */
  basedOn: string | null;
  /** Predicted daily mean PM10, µg/m³. */
  pm10: number;
  /** US AQI of the predicted PM10 (24-hour mean) and its category. */
  usAqi: number | null;
  category: UsCategoryView | null;
  eaqi: EaqiView | null;
  /** Rider advice for the predicted category. */
  advice: RiderAdvice | Pick<RiderAdvice, 'level' | 'mask' | 'text' | 'reason'> | null;
  /** Top contributing factors, largest |contribution| first (µg/m³ from the model's base value). */
  reasons: AirForecastItemReason[];
  baseValue: number | null;
  withWeather: boolean | null;
  modelVersion: string | null;
  computedAt: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function forecastView(raw: Record<string, unknown>): AirForecastView | null {
  const item = raw as Partial<Record<keyof AirForecastItem, unknown>>;
  const pm10 = num(item.pm10);
  if (typeof item.date !== 'string' || !DATE.test(item.date) || pm10 === null) return null;
  const usAqi = num(item.usAqi);
  const eaqi = item.eaqi as { level?: unknown } | undefined;
  return {
    date: item.date,
    basedOn: str(item.basedOn),
    pm10,
    usAqi,
    category: usCategoryView(item.usCategory),
    eaqi: eaqiView(typeof eaqi === 'object' && eaqi !== null ? eaqi.level : undefined),
    advice: adviceOf(item.advice, usAqi),
    reasons: Array.isArray(item.reasons) ? item.reasons.flatMap(reasonOf) : [],
    baseValue: num(item.baseValue),
    withWeather: typeof item.withWeather === 'boolean' ? item.withWeather : null,
    modelVersion: str(item.modelVersion),
    computedAt: str(item.computedAt),
  };
}

/** The item's own advice (what the alerts said), else the advice for its AQI. */
function adviceOf(advice: unknown, usAqi: number | null): AirForecastView['advice'] {
  const a = advice as Record<string, unknown> | undefined;
  if (typeof a === 'object' && a !== null && [a.level, a.mask, a.text, a.reason].every((v) => typeof v === 'string'))
    return {
      level: a.level as RiderAdvice['level'],
      mask: a.mask as RiderAdvice['mask'],
      text: a.text as string,
      reason: a.reason as string,
    };
  return usAqi !== null && Number.isInteger(usAqi) && usAqi >= 0 ? { ...riderAdvice(usAqi) } : null;
}

function reasonOf(r: unknown): AirForecastItemReason[] {
  const v = r as Record<string, unknown>;
  if (typeof v !== 'object' || v === null) return [];
  const contribution = num(v.contribution);
  if (typeof v.feature !== 'string' || typeof v.text !== 'string' || contribution === null) return [];
  return [{ feature: v.feature, text: v.text, contribution }];
}

/** One location's forecasts for the days `from`..`to` (both inclusive), oldest first unless `newestFirst`. */
export async function readForecasts(
  dynamo: DynamoDBDocumentClient,
  request: { table: string; location: string; from: string; to: string; newestFirst?: boolean; limit?: number },
): Promise<AirForecastView[]> {
  const out: AirForecastView[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: request.table,
        KeyConditionExpression: '#location = :location AND #date BETWEEN :from AND :to',
        ExpressionAttributeNames: expressionNames<AirForecastItem>('location', 'date'),
        ExpressionAttributeValues: { ':location': request.location, ':from': request.from, ':to': request.to },
        ScanIndexForward: !request.newestFirst,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const view = forecastView(item);
      if (view !== null) out.push(view);
      if (request.limit !== undefined && out.length >= request.limit) return out;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}

/** Days after tomorrow looked at for a forecast when tomorrow has none: the forecaster makes one day ahead. */
const LOOKAHEAD_DAYS = 7;

/**
 * The forecast a rider asks for on `today`: tomorrow's (made when today closes); without it the
 * latest one not in the past (today's, made when yesterday closed, early this morning; or one
 * further ahead should a forecaster make those); else null. One Query over today..today + 7.
 */
export async function readNextForecast(
  dynamo: DynamoDBDocumentClient,
  request: { table: string; location: string; today: string },
): Promise<AirForecastView | null> {
  const tomorrow = addDays(request.today, 1);
  const ahead = await readForecasts(dynamo, {
    table: request.table,
    location: request.location,
    from: request.today,
    to: addDays(request.today, LOOKAHEAD_DAYS),
  });
  return ahead.find((f) => f.date === tomorrow) ?? ahead.at(-1) ?? null;
}
