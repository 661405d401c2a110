/**
 * Tomorrow's PM10 when a day closes: for the days forecast-days.ts picks from the daily PM10
 * watermark before and after a batch, every declared location whose day has a mean and no
 * stored forecast yet gets one, in four reads and one model run:
 *
 * 1. the stored forecasts of (location, d+1) for those days (one BatchGet); if all are there,
 *    that is all;
 * 2. the daily means of d−6 … d (the windows) and the weather forecasts for d+1 (`air-weather`);
 * 3. feature rows (forecast-rows.ts), one onnxruntime run for all of them, SHAP per row;
 * 4. each item written once (forecast-store.ts).
 *
 * Returns the forecasts of those days as stored, new and old, for the alerts.
 */

import { FEATURE_COUNT, isoDate } from '../lib/air-forecast/index.js';
import type { AirForecastItem, AirLocation } from '../lib/air-records/index.js';
import { type DailyMeanStore, dailyMeans } from './daily-means.js';
import { daysToForecast } from './forecast-days.js';
import { airForecastItem } from './forecast-item.js';
import { forecastRows, HISTORY_DAYS } from './forecast-rows.js';
import type { ForecastScorerUse } from './forecast-scorer.js';
import { type ForecastStore, forecastKey, putForecastOnce, storedForecasts } from './forecast-store.js';
import { weatherForecasts } from './weather-forecast-store.js';
import type { WeatherStore } from './weather-store.js';

export interface ForecasterOptions {
  locations: readonly AirLocation[];
  forecasts: ForecastStore;
  means: DailyMeanStore;
  weather: WeatherStore;
  /** The container's model, loaded on first use (and, published, swapped between batches: forecast-scorer.ts). */
  scorer: ForecastScorerUse;
  now?: () => number;
}

export interface ForecastOutcome {
  /** Forecasts of the days looked at, as stored (written now or before). */
  forecasts: AirForecastItem[];
  /** How many this call wrote. */
  written: number;
}

export type Forecaster = (watermark: {
  before: number | undefined;
  after: number | undefined;
}) => Promise<ForecastOutcome>;

export function forecaster(options: ForecasterOptions): Forecaster {
  const now = options.now ?? Date.now;
  const names = options.locations.map((l) => l.name);
  return async ({ before, after }) => {
    const days = daysToForecast(before, after);
    if (days.length === 0) return { forecasts: [], written: 0 };
    const keys = days.flatMap((day) => names.map((location) => ({ location, date: isoDate(day + 1) })));
    const stored = await storedForecasts(options.forecasts, keys);
    const missing = days.flatMap((day) =>
      names
        .filter((location) => !stored.has(forecastKey(location, isoDate(day + 1))))
        .map((location) => ({ location, day })),
    );
    if (missing.length === 0) return { forecasts: [...stored.values()], written: 0 };

    const from = Math.min(...missing.map((m) => m.day)) - HISTORY_DAYS;
    const to = Math.max(...missing.map((m) => m.day));
    const span = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const [means, weather] = await Promise.all([
      dailyMeans(options.means, names, span),
      weatherForecasts(options.weather, names, [...new Set(missing.map((m) => isoDate(m.day + 1)))]),
    ]);
    const rows = forecastRows({ locations: options.locations, means, weather, wanted: missing });
    if (rows.length === 0) return { forecasts: [...stored.values()], written: 0 };

    const features = new Float32Array(rows.length * FEATURE_COUNT);
    for (const [i, row] of rows.entries()) features.set(row.features, i * FEATURE_COUNT);
    // One model for the whole batch: predictions, reasons and the version they are stamped with.
    const items = await options.scorer(async (scorer) => {
      const predictions = await scorer.predict(features, rows.length);
      const computedAt = now();
      return rows.map((row, i) =>
        airForecastItem(row, predictions[i] as number, scorer.explain(row.features).contributions, {
          modelVersion: scorer.version,
          computedAt,
        }),
      );
    });
    const wrote = await Promise.all(items.map((item) => putForecastOnce(options.forecasts, item)));
    // A forecast another container wrote first is the one that stands: read it back.
    const lost = items.filter((_, i) => !wrote[i]);
    const winners =
      lost.length === 0 ? new Map<string, AirForecastItem>() : await storedForecasts(options.forecasts, lost);
    for (const [i, item] of items.entries()) {
      const key = forecastKey(item.location, item.date);
      stored.set(key, wrote[i] ? item : (winners.get(key) ?? item));
    }
    return { forecasts: [...stored.values()], written: wrote.filter(Boolean).length };
  };
}
