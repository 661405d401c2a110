/**
 * `GET /v1/air/anomalies?location=berlin&from=&to=&limit=`: a location's flagged sensor
 * readings (functions/air-anomalies) whose hour is in [from, to), oldest first, from the
 * `air-anomalies` table (partition `location`, sort `<hour>#<pollutant>`: one Query).
 *
 * `{ location, from, to, items: [{ hour, span, pollutant, kind, score, reason, value, expected,
 * episodeStart, alert }], truncated }`; values in µg/m³. `span` is `hour` for a reading the
 * hourly step flagged, `day` for a closed day's mean the daily check flagged
 * (functions/air-windows/daily-check.ts; its `hour` is the day's first, its sort key
 * `<day>T00:00:00Z#day#pm10`, so the same Query finds it). `from` defaults to 7 days before `to`,
 * `to` to now; the span is at most MAX_SPAN_DAYS. `truncated` says `limit` cut the answer short:
 * ask again from the last item's hour.
 */

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AnomalyFlagItem } from '../air-anomalies/flag-item.js';
import type { DailyFlagItem } from '../air-windows/daily-flag-item.js';
import { jsonResponse } from '../lib/http/index.js';
import { BadParameterError } from './errors.js';
import { isoTime } from './instant.js';
import type { QueryApiContext } from './options.js';
import { instantParameter, integerParameter, queryParameters, quote } from './query-parameters.js';

/** Longest time range one request may ask for: the flags' retention. */
export const MAX_SPAN_DAYS = 400;
export const DEFAULT_SPAN_DAYS = 7;
export const MAX_ANOMALIES_LIMIT = 1000;
export const DEFAULT_ANOMALIES_LIMIT = 500;

/** A location name as records carry it (functions/lib/air-records/locations.ts). */
const LOCATION = /^[a-z][a-z0-9-]{0,62}$/;
const DAY_MS = 86_400_000;

/** A flag as the API returns it. */
export type AnomalyView = Pick<
  AnomalyFlagItem,
  'hour' | 'pollutant' | 'kind' | 'score' | 'reason' | 'value' | 'expected' | 'episodeStart' | 'alert'
> & {
  /** What the flag is about: one hour's reading, or a closed day's mean. */
  span: 'hour' | 'day';
};

export async function airAnomaliesRoute(
  event: APIGatewayProxyEventV2,
  context: QueryApiContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const params = queryParameters(event);
  const location = params.get('location');
  if (location === undefined) throw new BadParameterError('location', 'location is required');
  if (!LOCATION.test(location))
    throw new BadParameterError('location', `location must be a lower-case kebab-case name, got ${quote(location)}`);
  const to = instantParameter(params, 'to') ?? context.now();
  const from = instantParameter(params, 'from') ?? to - DEFAULT_SPAN_DAYS * DAY_MS;
  if (from >= to) throw new BadParameterError('from', 'from must be before to');
  if (to - from > MAX_SPAN_DAYS * DAY_MS)
    throw new BadParameterError('from', `from and to may be at most ${MAX_SPAN_DAYS} days apart`);
  const limit = integerParameter(params, 'limit', {
    min: 1,
    max: MAX_ANOMALIES_LIMIT,
    fallback: DEFAULT_ANOMALIES_LIMIT,
  });

  // Sort keys are `<hour>#<pollutant>`, hours `YYYY-MM-DDTHH:00:00Z`: an instant in the same
  // form (rounded up to the second) sorts before every key of its hour and after every key of
  // an earlier one, so BETWEEN of the two bounds holds exactly the hours in [from, to).
  const bound = (ms: number) => new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const items: AnomalyView[] = [];
  let start: Record<string, unknown> | undefined;
  let truncated = false;
  do {
    const page = await context.dynamo.send(
      new QueryCommand({
        TableName: context.tables.airAnomalies,
        KeyConditionExpression: '#location = :location AND #at BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#location': 'location', '#at': 'at' },
        ExpressionAttributeValues: { ':location': location, ':from': bound(from), ':to': bound(to) },
        Limit: limit - items.length + 1,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of (page.Items ?? []) as (AnomalyFlagItem | DailyFlagItem)[]) items.push(view(item));
    start = page.LastEvaluatedKey;
    if (items.length > limit) {
      items.length = limit;
      truncated = true;
      break;
    }
  } while (start);
  return jsonResponse(200, { location, from: isoTime(from), to: isoTime(to), items, truncated });
}

function view(item: AnomalyFlagItem | DailyFlagItem): AnomalyView {
  return {
    hour: item.hour,
    // Hourly items carry no span: they were the only kind before the daily check.
    span: 'span' in item && item.span === 'day' ? 'day' : 'hour',
    pollutant: item.pollutant,
    kind: item.kind,
    score: item.score,
    reason: item.reason,
    value: item.value,
    expected: item.expected,
    episodeStart: item.episodeStart,
    alert: item.alert,
  };
}
