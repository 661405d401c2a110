/**
 * A location's latest reading of each pollutant: the newest hourly window of its
 * `air-<pollutant>-1h` mean metric (infra/pipeline.ts `airMeans`) that counted anything, as
 * `{ value, unit, hour }`, in the pollutant's canonical unit. An hour's window holds the mean of
 * the values that arrived for it (a re-polled hour is counted again, so the mean of the polls).
 * One Query per pollutant, newest first, a few items each.
 */

import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MetricSpec } from '../../infra/pipeline/types.js';
import { POLLUTANTS, type Pollutant } from '../lib/air-records/index.js';
import { seriesOf, type WindowItem } from '../lib/windows/schema.js';
import { expressionNames } from './expression-names.js';
import { isoTime } from './instant.js';
import { isLive } from './live-item.js';

export interface LatestReading {
  /** Mean of the hour's values. */
  value: number;
  /** The metric's unit: µg/m³ for PM, ppb for O3/NO2/SO2, ppm for CO. */
  unit: string;
  /** Start of the hour, ISO 8601 UTC. */
  hour: string;
}

/** Items read per pollutant: expired ones are skipped, and windows are only written when counted. */
const PAGE = 4;

/** The hourly metric of a pollutant. */
export const hourlyMetric = (pollutant: Pollutant) => `air-${pollutant}-1h`;

export async function readLatestReadings(
  dynamo: DynamoDBDocumentClient,
  request: { table: string; location: string; metrics: Record<string, MetricSpec>; nowMs: number },
): Promise<Record<Pollutant, LatestReading | null>> {
  const entries = await Promise.all(
    POLLUTANTS.map(async (pollutant): Promise<[Pollutant, LatestReading | null]> => {
      const metric = hourlyMetric(pollutant);
      const spec = Object.hasOwn(request.metrics, metric) ? request.metrics[metric] : undefined;
      if (spec?.value === undefined) return [pollutant, null];
      const page = await dynamo.send(
        new QueryCommand({
          TableName: request.table,
          KeyConditionExpression: '#series = :series',
          ExpressionAttributeNames: expressionNames<WindowItem>('series', 'start', 'count', 'sum', 'expiresAt'),
          ExpressionAttributeValues: { ':series': seriesOf(metric, request.location) },
          ProjectionExpression: '#start, #count, #sum, #expiresAt',
          ScanIndexForward: false,
          Limit: PAGE,
        }),
      );
      const item = (page.Items ?? []).find(
        (i) => isLive(i, request.nowMs) && Number(i.count) > 0 && typeof i.sum === 'number',
      );
      if (item === undefined) return [pollutant, null];
      return [
        pollutant,
        { value: (item.sum as number) / Number(item.count), unit: spec.value.unit, hour: isoTime(Number(item.start)) },
      ];
    }),
  );
  return Object.fromEntries(entries) as Record<Pollutant, LatestReading | null>;
}
