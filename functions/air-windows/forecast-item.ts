/**
 * A forecast row's prediction, its SHAP contributions and what they mean for a rider, as the
 * `air-forecasts` item (AirForecastItem of functions/lib/air-records). Pure.
 *
 * `pm10` is onnxruntime's output, rounded to 0.01 µg/m³; the index and advice are of that value
 * read as a 24-hour mean (US AQI PM10 24-hour breakpoints, EAQI's PM10 bands). The reasons are
 * the three reason groups (REASON_GROUPS) that moved the forecast most, their exact SHAP sums.
 * The contract asks that reasons and `baseValue` sum to `pm10`, so `baseValue` is where the
 * three reasons start from: the model's expected forecast plus what every other group added
 * (SHAP values add, so that is exact, not a fudge; with 12 groups the rest is usually small).
 */

import { isoDate, topReasons } from '../lib/air-forecast/index.js';
import { eaqi, riderAdvice, usAqi } from '../lib/air-quality/index.js';
import { AIR_FORECAST_ITEM_VERSION, type AirForecastItem } from '../lib/air-records/index.js';
import { AirWindowsError } from './errors.js';
import type { LocatedForecastRow } from './forecast-rows.js';

/** Reasons an item lists. */
export const FORECAST_REASONS = 3;

const round2 = (x: number) => Math.round(x * 100) / 100;

export function airForecastItem(
  row: LocatedForecastRow,
  prediction: number,
  contributions: ArrayLike<number>,
  meta: { modelVersion: string; computedAt: number },
): AirForecastItem {
  const pm10 = round2(Math.max(0, prediction));
  const us = usAqi({ pm10Ugm3: pm10 });
  if (us.aqi === null || us.category === null)
    throw new AirWindowsError(`no US AQI for a PM10 forecast of ${pm10} µg/m³`);
  const eu = eaqi({ pm10 });
  if (eu.level === null) throw new AirWindowsError(`no EAQI for a PM10 forecast of ${pm10} µg/m³`);
  const advice = riderAdvice(us.aqi);
  const reasons = topReasons(contributions, row.features, FORECAST_REASONS);
  const listed = reasons.reduce((s, r) => s + r.contribution, 0);
  return {
    location: row.station,
    date: isoDate(row.day + 1),
    basedOn: isoDate(row.day),
    version: AIR_FORECAST_ITEM_VERSION,
    pm10,
    usAqi: us.aqi,
    usCategory: us.category.key,
    eaqi: { level: eu.level.level, category: eu.level.key },
    advice: { level: advice.level, mask: advice.mask, text: advice.text, reason: advice.reason },
    reasons: reasons.map((r) => ({ feature: r.feature, text: r.text, contribution: r.contribution })),
    baseValue: round2(pm10 - listed),
    withWeather: row.withWeather,
    modelVersion: meta.modelVersion,
    computedAt: new Date(meta.computedAt).toISOString(),
  };
}
