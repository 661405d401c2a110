import { eaqi } from './eaqi.js';
import { AirQualityInputError } from './errors.js';
import { ppbToMicrogramsPerCubicMetre, ppbToPpm } from './units.js';
import { type UsAqiPollutant, usAqi } from './us-aqi.js';

/**
 * One reading in the units the pollers and `tandem aqi` carry, each averaged as the US AQI
 * defines it. Every field is optional; null means not measured.
 */
export interface AirQualityReading {
  /** PM2.5, 24-hour mean (or NowCast), µg/m³. */
  pm25?: number | null;
  /** PM10, 24-hour mean (or NowCast), µg/m³. */
  pm10?: number | null;
  /** Ozone, 8-hour mean (or ozone NowCast), ppb. */
  o3?: number | null;
  /** NO2, 1-hour mean, ppb. */
  no2?: number | null;
  /** SO2, 1-hour mean, ppb. */
  so2?: number | null;
  /** CO, 8-hour mean, ppm. */
  co?: number | null;
}

export const READING_KEYS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const satisfies readonly UsAqiPollutant[];
const READING_KEY_SET: ReadonlySet<string> = new Set(READING_KEYS);

/** Both indices of a reading, as `tandem aqi` prints them. */
export interface ReadingIndex {
  /** US AQI (EPA 2024), or null when nothing in the reading is indexable. */
  usAqi: number | null;
  /** Name of the US AQI category, e.g. "Moderate", or null. */
  usCategory: string | null;
  /** Reading key whose sub-index is the US AQI, or null. */
  dominant: UsAqiPollutant | null;
  /** US AQI sub-index per reading key that was given. */
  subIndices: Partial<Record<UsAqiPollutant, number>>;
  /**
   * European AQI level (1 Good … 6 Extremely poor) and its name, or null when the reading has
   * none of PM2.5, PM10, O3, NO2, SO2. The EEA defines its bands on hourly values; here they are
   * applied to the averages the reading carries (24-hour PM, 8-hour O3), which smooth out hourly
   * peaks, so the level can read better than the EEA's hourly map for the same place.
   */
  eaqi: { level: number; category: string } | null;
}

/**
 * Checks that `value` is a reading: a JSON object whose keys are all in READING_KEYS, each a
 * finite number ≥ 0 or null. Throws AirQualityInputError naming the first problem.
 */
export function parseReading(value: unknown): AirQualityReading {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AirQualityInputError('a reading must be a JSON object');
  const reading: AirQualityReading = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!READING_KEY_SET.has(key))
      throw new AirQualityInputError(`unknown key ${JSON.stringify(key)}; expected ${READING_KEYS.join(', ')}`);
    const v = (value as Record<string, unknown>)[key];
    if (v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new AirQualityInputError(`${key} must be a number ≥ 0 or null, got ${JSON.stringify(v)}`);
    reading[key as keyof AirQualityReading] = v;
  }
  return reading;
}

const given = (v: number | null | undefined): number | undefined => (v === null ? undefined : v);

/** US AQI and EAQI of one reading. Throws BeyondBreakpointTableError as `usAqi` does. */
export function indexReading(reading: AirQualityReading): ReadingIndex {
  const o3Ppb = given(reading.o3);
  const no2Ppb = given(reading.no2);
  const so2Ppb = given(reading.so2);
  const us = usAqi({
    pm25Ugm3: given(reading.pm25),
    pm10Ugm3: given(reading.pm10),
    o3Ppm8h: o3Ppb === undefined ? undefined : ppbToPpm(o3Ppb),
    no2Ppb1h: no2Ppb,
    so2Ppb1h: so2Ppb,
    coPpm8h: given(reading.co),
  });
  const eu = eaqi({
    pm25: given(reading.pm25),
    pm10: given(reading.pm10),
    o3: o3Ppb === undefined ? undefined : ppbToMicrogramsPerCubicMetre(o3Ppb, 'o3'),
    no2: no2Ppb === undefined ? undefined : ppbToMicrogramsPerCubicMetre(no2Ppb, 'no2'),
    so2: so2Ppb === undefined ? undefined : ppbToMicrogramsPerCubicMetre(so2Ppb, 'so2'),
  });
  return {
    usAqi: us.aqi,
    usCategory: us.category?.name ?? null,
    dominant: us.dominant,
    subIndices: us.subIndices,
    eaqi: eu.level === null ? null : { level: eu.level.level, category: eu.level.name },
  };
}
