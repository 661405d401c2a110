/**
 * A day's US AQI and EAQI from its daily means, when only daily means exist (the history route):
 * computed from the PM2.5 and PM10 24-hour means only, the same basis as a forecast's AQI (the
 * predicted 24-hour PM10 mean), so the two can be drawn side by side. Why the others are left
 * out is in `DAILY_INDEX_BASIS`, which the route answers with.
 */

import { eaqi, usAqi } from '../lib/air-quality/index.js';
import { type EaqiView, eaqiView, type UsCategoryView, usCategoryView } from './air-category.js';

/** Which averaging each index of a day uses, for the API's readers. */
export const DAILY_INDEX_BASIS = {
  usAqi:
    "PM2.5 and PM10 24-hour means, read off EPA's 24-hour PM tables: the averaging time those tables are defined for. " +
    'O3 (8-hour and 1-hour tables), NO2 (1-hour), CO (8-hour) and SO2 (1-hour; its 24-hour table starts at 305 ppb) ' +
    "are not indexed from daily means: a day's mean is lower than its highest 1- or 8-hour average, so it would understate the index.",
  eaqi:
    "PM2.5 and PM10 24-hour means on the EEA's 2024 bands. Since that revision the EEA indexes hourly values (24-hour " +
    "running means for PM before it), so a day's level here is that of its mean hour, not of its worst one. " +
    'O3, NO2 and SO2 are left out for the same reason as in usAqi.',
} as const;

export interface DailyUsAqi {
  aqi: number;
  category: UsCategoryView | null;
  dominant: string | null;
}

export interface DailyEaqi extends EaqiView {
  dominant: string | null;
}

export function dailyIndex(means: { pm25: number | null; pm10: number | null }): {
  usAqi: DailyUsAqi | null;
  eaqi: DailyEaqi | null;
} {
  const given = { pm25: means.pm25 ?? undefined, pm10: means.pm10 ?? undefined };
  const us = usAqi({ pm25Ugm3: given.pm25, pm10Ugm3: given.pm10 });
  const eu = eaqi(given);
  const level = eu.level === null ? null : eaqiView(eu.level.level);
  return {
    usAqi: us.aqi === null ? null : { aqi: us.aqi, category: usCategoryView(us.category?.key), dominant: us.dominant },
    eaqi: level === null ? null : { ...level, dominant: eu.dominant },
  };
}
