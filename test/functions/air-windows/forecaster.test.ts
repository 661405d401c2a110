import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAILY_PM10_METRIC } from '../../../functions/air-windows/config.js';
import { onceScorer } from '../../../functions/air-windows/forecast-scorer.js';
import { forecaster } from '../../../functions/air-windows/forecaster.js';
import { type AirForecastScorer, isoDate, loadAirForecastScorer } from '../../../functions/lib/air-forecast/index.js';
import type { AirForecastItem } from '../../../functions/lib/air-records/index.js';
import { seriesOf } from '../../../functions/lib/windows/index.js';
import { localTableName } from '../../../infra/local/provision.js';
import { pipeline } from '../../../infra/pipeline.js';
import { AIR_TEST_LOCATIONS, DAY_MS } from '../helpers/air-days.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';

const LAST_CLOSED = Math.floor(Date.UTC(2026, 10, 20) / DAY_MS);

describe('air-windows forecaster: two containers closing the same day', () => {
  let services: FeedbackServices;
  beforeAll(async () => {
    services = await startFeedbackServices();
  });
  afterAll(async () => {
    await services.close();
  });

  it('writes each forecast once, and both report the forecast that was stored', async () => {
    // Prepare: ten days of daily PM10 windows per location, as the window engine leaves them.
    const items = AIR_TEST_LOCATIONS.flatMap(({ name }, l) =>
      Array.from({ length: 10 }, (_, k) => {
        const day = LAST_CLOSED - k;
        return {
          series: seriesOf(DAILY_PM10_METRIC, name),
          start: day * DAY_MS,
          sum: 24 * (20 + l * 3 + (k % 4)),
          count: 24,
        };
      }),
    );
    for (let i = 0; i < items.length; i += 25)
      await services.documents.send(
        new BatchWriteCommand({
          RequestItems: {
            [localTableName('windows')]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
          },
        }),
      );
    const model = await loadAirForecastScorer({ modelDir: pipeline.models['air-quality']!.directory });
    // Both containers have read the table before either writes: each waits for the other at its model.
    let arrived = 0;
    let release: () => void = () => {};
    const bothReady = new Promise<void>((r) => {
      release = r;
    });
    const container = (computedAt: number) =>
      forecaster({
        locations: AIR_TEST_LOCATIONS,
        forecasts: { dynamo: services.documents, table: localTableName('air-forecasts') },
        means: { dynamo: services.documents, table: localTableName('windows'), metric: DAILY_PM10_METRIC },
        weather: { dynamo: services.documents, table: localTableName('air-weather') },
        scorer: onceScorer(async (): Promise<AirForecastScorer> => {
          if (++arrived === 2) release();
          await bothReady;
          return model;
        }),
        now: () => computedAt,
      });
    const watermark = { before: LAST_CLOSED * DAY_MS, after: (LAST_CLOSED + 1) * DAY_MS };

    // Act
    const [a, b] = await Promise.all([container(1_000)(watermark), container(2_000)(watermark)]);

    // Assess: one item per location and day after each of the newest three closed days (the
    // re-check every batch does), each written by one of the two.
    const stored = (await services.scan('air-forecasts')) as unknown as AirForecastItem[];
    const byKey = (xs: AirForecastItem[]) =>
      [...xs].sort((x, y) => `${x.location}|${x.date}`.localeCompare(`${y.location}|${y.date}`));
    const dates = [LAST_CLOSED - 1, LAST_CLOSED, LAST_CLOSED + 1].map(isoDate);
    expect(byKey(stored).map((f) => `${f.location}|${f.date}`)).toEqual(
      AIR_TEST_LOCATIONS.map((l) => l.name)
        .sort()
        .flatMap((name) => dates.map((d) => `${name}|${d}`)),
    );
    expect(a.written + b.written).toBe(stored.length);
    expect(byKey(a.forecasts)).toEqual(byKey(stored));
    expect(byKey(b.forecasts)).toEqual(byKey(stored));
  });
});
