/**
 * One replayed day of a location's air: 24 hourly concentrations built around the real daily
 * PM10 mean. Hours are UTC; the shapes are laid on local time (CET, UTC+1, all year: the
 * hour of summer time is not worth the code in a demo).
 *
 * - PM10: a traffic-shaped diurnal profile, a morning peak at 08:00 and a larger evening one at
 *   19:30 (traffic plus the shallow night-time boundary layer), lowest before dawn, with ±10 %
 *   hourly noise; scaled so the 24 values average to the real daily mean (to rounding, 0.1).
 * - PM2.5: PM10 × a daily ratio in 0.60–0.75. WHO's 2005 air quality guidelines (global update,
 *   §"PM2.5/PM10 ratio") give 0.5–0.8 for urban areas of developed countries; German background
 *   sites sit in the upper half of that range.
 * - NO2: a background level rising with the day's PM10 (both follow stagnant air and traffic),
 *   with sharper rush-hour peaks than PM10.
 * - O3: seasonal (high in summer), peaking mid-afternoon with sunlight, lowest at dawn, and
 *   titrated by NO2 (O3 + NO → NO2), so a polluted day has less ozone at rush hour.
 * - SO2 and CO: small, as at German background sites since the 1990s.
 * Units as the poller writes them: µg/m³ for every pollutant but CO, in ppm.
 */

import { prng, seedOf } from './prng.js';

export interface AirHour {
  pm10: number;
  pm25: number;
  no2: number;
  o3: number;
  so2: number;
  co: number;
}

const bump = (h: number, centre: number, width: number) => Math.exp(-(((h - centre) / width) ** 2) / 2);

/** Relative PM10 level at a local hour (any positive scale: it is normalised per day). */
export function pm10Shape(localHour: number): number {
  return 0.75 + 0.35 * bump(localHour, 8, 1.5) + 0.5 * bump(localHour, 19.5, 2.5) - 0.1 * bump(localHour, 4, 1.5);
}

/** The summer factor is 0 at day of year −11 (20 December, the winter solstice) and 1 half a year on. */
const SUMMER_PEAK_OFFSET = -11;

const no2Shape = (h: number) => 0.6 + 0.9 * bump(h, 7.5, 1.2) + 0.8 * bump(h, 18.5, 1.8);
const o3Shape = (h: number) => 0.45 + 0.75 * bump(h, 15, 3.5);

/**
 * The 24 hours (UTC 00..23) of the day starting at `dayMs` with real daily PM10 `dailyPm10`,
 * deterministic for (`dayMs`, `salt`, `seed`).
 */
export function airDay(dayMs: number, dailyPm10: number, dayOfYear: number, salt: number, seed: number): AirHour[] {
  const r = prng(seedOf(dayMs / 1000, salt ^ seed));
  const local = (utc: number) => (utc + 1) % 24;
  const raw = Array.from({ length: 24 }, (_, h) => pm10Shape(local(h)) * (0.9 + 0.2 * r()));
  const mean = raw.reduce((a, b) => a + b, 0) / 24;
  const ratio = 0.6 + 0.15 * r();
  // 1 in summer (late June), 0 in winter.
  const summer = (1 - Math.cos((2 * Math.PI * (dayOfYear - SUMMER_PEAK_OFFSET)) / 365.25)) / 2;
  const no2Level = 8 + 0.5 * dailyPm10 + 4 * r();
  const o3Level = 40 + 45 * summer + 10 * r();
  return raw.map((x, h) => {
    const pm10 = (dailyPm10 * x) / mean;
    const no2 = no2Level * no2Shape(local(h)) * (0.9 + 0.2 * r());
    const o3 = Math.max(2, o3Level * o3Shape(local(h)) * (0.9 + 0.2 * r()) - 0.4 * no2);
    return {
      pm10: round(pm10, 1),
      pm25: round(pm10 * ratio, 1),
      no2: round(no2, 1),
      o3: round(o3, 1),
      so2: round(1 + 0.04 * dailyPm10 + r(), 1),
      co: round(0.15 + 0.005 * pm10 + 0.03 * r(), 3),
    };
  });
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
