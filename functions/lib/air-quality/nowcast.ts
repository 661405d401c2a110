import { AirQualityInputError } from './errors.js';

/**
 * EPA's NowCast: a weighted mean of recent hourly concentrations that stands in for the 24-hour
 * PM mean (and the 8-hour ozone mean) in real-time AQI reporting.
 *
 * Sources: U.S. EPA, "Technical Assistance Document for the Reporting of Daily Air Quality – the
 * AQI", EPA-454/B-24-002 (May 2024), "How the NowCast is calculated"; EPA fact sheet "PM NowCast"
 * (https://nepis.epa.gov/Exe/ZyPURL.cgi?Dockey=P100X0J6.txt); AirNow-Tech, "The NowCast for PM2.5
 * and PM10" (https://forum.airnowtech.org/t/the-nowcast-for-pm2-5-and-pm10/172) and "AirNow
 * Updates to Ozone Real-time Reporting and Daily Reporting"
 * (https://forum.airnowtech.org/t/airnow-updates-to-ozone-real-time-reporting-and-daily-reporting/151).
 *
 *   w* = min / max over the window's valid hours (= 1 − (max − min) / max)
 *   w  = clamp(w*, minimum weight, 1)              PM: minimum 0.5 (≈ a 3-hour mean); ozone: none
 *   NowCast = Σ w^(i−1) · c_i / Σ w^(i−1)          i = 1 is the most recent hour, sums over valid hours
 *
 * Valid only when at least 2 of the 3 most recent hours are valid. The hourly values go in raw;
 * the NowCast is truncated afterwards, by the AQI equation (AirNow: "The Nowcast calculation uses
 * the raw hourly concentrations (not truncated or rounded)").
 *
 * Ozone: AirNow introduced this 8-hour, no-minimum-weight ozone NowCast in 2016. EPA's later
 * ozone method (USEPA/O3-Nowcast, 2019) predicts the centred 8-hour mean with a per-site partial
 * least squares model fitted on the previous two weeks of data; it needs that history and model,
 * so it is not implemented here.
 */

/** Hourly values, most recent first; null (or undefined) marks a missing or invalid hour. */
export type HourlyValues = readonly (number | null | undefined)[];

function nowCast(hourly: HourlyValues, hours: number, minimumWeight: number, unit: string): number | null {
  const window = hourly.slice(0, hours);
  for (const value of window)
    if (value !== null && value !== undefined && (!Number.isFinite(value) || value < 0))
      throw new AirQualityInputError(`NowCast hourly values must be finite numbers ≥ 0 ${unit} or null, got ${value}`);
  const recentValid = window.slice(0, 3).filter((v) => v !== null && v !== undefined).length;
  if (recentValid < 2) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const value of window) {
    if (value === null || value === undefined) continue;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  // All-zero hours: the range is 0, so the air is not changing; weigh the hours equally.
  const weight = max === 0 ? 1 : Math.min(1, Math.max(min / max, minimumWeight));
  let weighted = 0;
  let weights = 0;
  window.forEach((value, hoursAgo) => {
    if (value === null || value === undefined) return;
    const factor = weight ** hoursAgo;
    weighted += factor * value;
    weights += factor;
  });
  return weighted / weights;
}

/**
 * PM2.5 or PM10 NowCast in µg/m³ from up to the 12 most recent hourly means in µg/m³ (most
 * recent first; values past 12 are ignored), or null when fewer than 2 of the 3 most recent
 * hours are valid.
 */
export function pmNowCastUgm3(hourlyUgm3: HourlyValues): number | null {
  return nowCast(hourlyUgm3, 12, 0.5, 'µg/m³');
}

/**
 * Ozone NowCast in ppb from up to the 8 most recent hourly means in ppb (most recent first),
 * AirNow's 2016 method: 8 hours, no minimum weight factor. Null when fewer than 2 of the 3 most
 * recent hours are valid.
 */
export function ozoneNowCastPpb(hourlyPpb: HourlyValues): number | null {
  return nowCast(hourlyPpb, 8, 0, 'ppb');
}
