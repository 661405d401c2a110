/**
 * Which air-quality alerts a batch raises (pure): a declared location whose NowCast AQI, or
 * whose forecast, is "Unhealthy for Sensitive Groups" or worse. One alert per (source,
 * location, day, level): the forecast of a day and the AQI on the day are two messages (a
 * warning the day before, and the thing itself), each sent once per level it reaches.
 *
 * Only what is still ahead or happening is alerted: a NowCast whose hour is at most
 * NOW_ALERT_MAX_AGE_MS old, and a forecast for today or later (UTC), by the wall clock. A
 * backfill of last week's readings or forecasts posts nothing: it is history, not an alert.
 */

import { US_AQI_CATEGORIES, type UsAqiCategoryKey } from '../lib/air-quality/index.js';
import type { AirForecastItem } from '../lib/air-records/index.js';
import type { AqiNow } from './aqi-now.js';

/** Categories that alert: Unhealthy for Sensitive Groups and worse. */
export const ALERT_CATEGORIES: readonly UsAqiCategoryKey[] = US_AQI_CATEGORIES.slice(2).map((c) => c.key);

/** A NowCast for an hour older than this (by the wall clock) no longer alerts. */
export const NOW_ALERT_MAX_AGE_MS = 3 * 3_600_000;

export const AlertSource = { NOW: 'now', FORECAST: 'forecast' } as const;
export type AlertSource = (typeof AlertSource)[keyof typeof AlertSource];

export interface AirAlert {
  source: AlertSource;
  location: string;
  /** The day it is about, YYYY-MM-DD (UTC): the NowCast's hour's day, or the day forecast. */
  date: string;
  level: UsAqiCategoryKey;
  usAqi: number;
  /** The NowCast's hour, or the forecast's PM10. */
  hour?: string;
  pm10?: number;
  advice: { mask: string; text: string; reason: string };
  /** A forecast's reasons, as stored. */
  reasons?: AirForecastItem['reasons'];
}

const alerting = (category: string | null): category is UsAqiCategoryKey =>
  category !== null && (ALERT_CATEGORIES as readonly string[]).includes(category);

export function nowAlert(location: string, now: AqiNow, at: number): AirAlert | undefined {
  if (!alerting(now.category) || now.usAqi === null || now.advice === null) return undefined;
  if (at - Date.parse(now.hour) > NOW_ALERT_MAX_AGE_MS) return undefined;
  const { mask, text, reason } = now.advice;
  return {
    source: AlertSource.NOW,
    location,
    date: now.hour.slice(0, 10),
    level: now.category,
    usAqi: now.usAqi,
    hour: now.hour,
    advice: { mask, text, reason },
  };
}

export function forecastAlert(item: AirForecastItem, at: number): AirAlert | undefined {
  if (!alerting(item.usCategory)) return undefined;
  if (item.date < new Date(at).toISOString().slice(0, 10)) return undefined;
  const { mask, text, reason } = item.advice;
  return {
    source: AlertSource.FORECAST,
    location: item.location,
    date: item.date,
    level: item.usCategory,
    usAqi: item.usAqi,
    pm10: item.pm10,
    advice: { mask, text, reason },
    reasons: item.reasons,
  };
}
