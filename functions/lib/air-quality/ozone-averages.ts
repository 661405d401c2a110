import { AirQualityInputError } from './errors.js';
import type { HourlyValues } from './nowcast.js';
import { truncateConcentration } from './us-aqi-equation.js';

/**
 * 8-hour ozone means as AirNow computes them for the daily ozone AQI
 * (AirNow-Tech, "Daily and Hourly AQI – Ozone", https://forum.airnowtech.org/t/daily-and-hourly-aqi-ozone/170,
 * following the 2015 ozone NAAQS, 40 CFR Part 50 Appendix U):
 *
 * - an 8-hour mean needs 6 of its 8 hourly values (75%) and is the mean of those present;
 * - each 8-hour mean is truncated to 1 ppb (0.001 ppm);
 * - the daily value is the highest of the 17 8-hour means that start at 07:00 … 23:00 local
 *   standard time (the last one runs to 06:00 the next day), and needs 13 of the 17 (75%).
 *
 * Appendix U also accepts a day with fewer valid means when its maximum still exceeds the
 * standard; that is a regulatory design-value rule, not a reporting one, and is left out.
 */

const MIN_HOURS_PER_MEAN = 6;
const FIRST_START_HOUR = 7;
const MEANS_PER_DAY = 17;
const MIN_MEANS_PER_DAY = 13;

function checkedHour(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 0)
    throw new AirQualityInputError(`hourly ozone must be a finite number ≥ 0 ppb or null, got ${value}`);
  return value;
}

/**
 * Mean in ppb of 8 consecutive hourly ozone values in ppb (any order; null for missing),
 * untruncated, or null when fewer than 6 are valid.
 */
export function ozoneEightHourMeanPpb(eightHourlyPpb: HourlyValues): number | null {
  if (eightHourlyPpb.length !== 8)
    throw new AirQualityInputError(`an 8-hour ozone mean needs exactly 8 hourly slots, got ${eightHourlyPpb.length}`);
  const valid = eightHourlyPpb.map(checkedHour).filter((v): v is number => v !== undefined);
  if (valid.length < MIN_HOURS_PER_MEAN) return null;
  return valid.reduce((sum, v) => sum + v, 0) / valid.length;
}

/**
 * Daily maximum 8-hour ozone in ppb, truncated to 1 ppb, from the hourly values of one day in
 * ppb indexed by the hour starting at local-standard-time midnight: index 0 is 00:00–01:00 and
 * indices 24…30 are 00:00…06:00 of the next day (31 slots; null for missing). Null when fewer
 * than 13 of the 17 8-hour means are valid.
 */
export function ozoneDailyMaxEightHourPpb(hourlyFromMidnightPpb: HourlyValues): number | null {
  if (hourlyFromMidnightPpb.length !== FIRST_START_HOUR + MEANS_PER_DAY + 7)
    throw new AirQualityInputError(
      `the daily 8-hour ozone maximum needs 31 hourly slots (00:00 to 06:00 the next day), got ${hourlyFromMidnightPpb.length}`,
    );
  let validMeans = 0;
  let max: number | null = null;
  for (let start = FIRST_START_HOUR; start < FIRST_START_HOUR + MEANS_PER_DAY; start++) {
    const mean = ozoneEightHourMeanPpb(hourlyFromMidnightPpb.slice(start, start + 8));
    if (mean === null) continue;
    validMeans++;
    const truncated = truncateConcentration(mean, 0);
    if (max === null || truncated > max) max = truncated;
  }
  return validMeans >= MIN_MEANS_PER_DAY ? max : null;
}
