/**
 * A location's air quality now, from its `air-now` rings (now-ring.ts), with functions/lib/
 * air-quality: EPA's NowCast of PM2.5 and PM10 (12 hours) and ozone (8 hours) standing in for
 * the 24-hour and 8-hour means as AirNow does, the US AQI of those (category, dominant
 * pollutant), the rider advice for it, and the EAQI of the newest hour's values (the EEA
 * indexes hourly values). For the newest hour any ring holds. Pure.
 */

import {
  eaqi,
  ozoneNowCastPpb,
  pmNowCastUgm3,
  ppbToMicrogramsPerCubicMetre,
  type RiderAdvice,
  riderAdvice,
  type UsAqiPollutant,
  usAqi,
} from '../lib/air-quality/index.js';
import { latestRingHour, ringValues } from './now-ring.js';

export interface AqiNow {
  /** The hour it applies to: the newest hour in the rings. */
  hour: string;
  /** NowCasts, µg/m³ for PM and ppb for ozone; null when fewer than 2 of the 3 latest hours are known. */
  nowCast: { pm25: number | null; pm10: number | null; o3: number | null };
  /** US AQI of the NowCasts, or null when none could be computed. */
  usAqi: number | null;
  /** Its category key (`good` … `hazardous`), or null. */
  category: string | null;
  dominant: UsAqiPollutant | null;
  /** EAQI level 1..6 of the newest hour's PM2.5, PM10 and ozone, or null when none is known for that hour. */
  eaqiLevel: number | null;
  /** Rider advice for `usAqi`, or null with it. */
  advice: RiderAdvice | null;
}

export function aqiNow(item: Record<string, unknown>): AqiNow | undefined {
  const hour = latestRingHour(item);
  if (hour === undefined) return undefined;
  const pm25 = ringValues(item, 'pm25', hour);
  const pm10 = ringValues(item, 'pm10', hour);
  const o3 = ringValues(item, 'o3', hour);
  const nowCast = { pm25: pmNowCastUgm3(pm25), pm10: pmNowCastUgm3(pm10), o3: ozoneNowCastPpb(o3) };
  const us = usAqi({
    pm25Ugm3: nowCast.pm25 ?? undefined,
    pm10Ugm3: nowCast.pm10 ?? undefined,
    o3Ppm8h: nowCast.o3 === null ? undefined : nowCast.o3 / 1000,
    // The hour's own ozone: EPA's 1-hour table decides where it is the more precautionary.
    o3Ppm1h: o3[0] == null ? undefined : o3[0] / 1000,
  });
  const eu = eaqi({
    pm25: pm25[0] ?? undefined,
    pm10: pm10[0] ?? undefined,
    o3: o3[0] == null ? undefined : ppbToMicrogramsPerCubicMetre(o3[0], 'o3'),
  });
  return {
    hour,
    nowCast,
    usAqi: us.aqi,
    category: us.category?.key ?? null,
    dominant: us.dominant,
    eaqiLevel: eu.level?.level ?? null,
    advice: us.aqi === null ? null : riderAdvice(us.aqi),
  };
}
