import { AirQualityInputError } from './errors.js';
import { US_AQI_BREAKPOINTS, type UsAqiMeasure } from './us-aqi-breakpoints.js';

/**
 * The AQI equation of EPA-454/B-24-002 (TAD, May 2024), section "Calculating the AQI":
 *
 *   Ip = (IHi − ILo) / (BPHi − BPLo) × (Cp − BPLo) + ILo
 *
 * with Cp the concentration truncated to the table's precision, [BPLo, BPHi] the row holding Cp
 * and [ILo, IHi] its AQI range; Ip is rounded to the nearest integer. AirNow states the same
 * order — truncate the average, apply the equation, round the AQI
 * (https://forum.airnowtech.org/t/the-aqi-equation-2024-valid-beginning-may-6th-2024/453).
 *
 * Above the top breakpoint we extrapolate the top (301–500) row, as 40 CFR Part 58 Appendix G
 * allows ("If the concentration is larger than the highest breakpoint … you may use the last two
 * breakpoints … when you apply Equation 1"), so an AQI above 500 still says how far beyond the
 * scale the air is; AirNow calls these values "Beyond the AQI" and gives them the Hazardous
 * advice, which is what `usAqiCategory` returns for them. `beyondIndex` marks them.
 */

/** The truncated concentration that went into the equation and the AQI it gave. */
export interface AqiFromTable {
  /** AQI, rounded to the nearest integer; above 500 when `beyondIndex`. */
  readonly aqi: number;
  /** The concentration after truncation, in the table's unit. */
  readonly truncated: number;
  /** True when the concentration was above the table's top breakpoint (extrapolated). */
  readonly beyondIndex: boolean;
}

/**
 * Truncates (never rounds) a concentration to `decimals` places, as EPA requires. The tiny
 * epsilon keeps binary artefacts such as 0.29 × 100 = 28.999999999999996 from losing a unit;
 * no real reading sits within 1e-9 of a unit below a step.
 */
export function truncateConcentration(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.floor(value * scale + 1e-9) / scale;
}

/**
 * Rounds an AQI to the nearest integer, halves up (TAD: "round to the nearest integer"). The
 * epsilon keeps 125.49999999999999 (binary for 125.5) from rounding down.
 */
function roundAqi(value: number): number {
  return Math.round(value + 1e-9);
}

/**
 * The AQI of one concentration (in the measure's table unit: see US_AQI_BREAKPOINTS) read off
 * its breakpoint table, or undefined when the concentration is below the table's first row
 * (1-hour ozone under 0.125 ppm, 24-hour SO2 under 305 ppb: those tables start at 101 and 201).
 * Throws AirQualityInputError on a negative or non-finite concentration.
 */
export function aqiFromTable(measure: UsAqiMeasure, concentration: number): AqiFromTable | undefined {
  if (!Number.isFinite(concentration) || concentration < 0)
    throw new AirQualityInputError(`${measure}: concentration must be a finite number ≥ 0, got ${concentration}`);
  const table = US_AQI_BREAKPOINTS[measure];
  const truncated = truncateConcentration(concentration, table.decimals);
  const rows = table.rows;
  if (truncated < rows[0]!.low) return undefined;
  for (const r of rows) {
    if (truncated <= r.high) {
      const aqi = roundAqi(((r.aqiHigh - r.aqiLow) / (r.high - r.low)) * (truncated - r.low) + r.aqiLow);
      return { aqi, truncated, beyondIndex: false };
    }
  }
  const top = rows[rows.length - 1]!;
  const aqi = roundAqi(((top.aqiHigh - top.aqiLow) / (top.high - top.low)) * (truncated - top.low) + top.aqiLow);
  return { aqi, truncated, beyondIndex: true };
}
