import { BeyondBreakpointTableError } from './errors.js';
import { type UsAqiCategory, usAqiCategory } from './us-aqi-categories.js';
import { type AqiFromTable, aqiFromTable } from './us-aqi-equation.js';

/**
 * The US AQI of a set of concentrations: one sub-index per pollutant, the AQI is the highest
 * sub-index and the pollutant that sets it is the dominant one (TAD EPA-454/B-24-002, "How to
 * handle values from multiple pollutants"). Each field names its unit; its averaging time is the
 * one EPA's table is defined for. A NowCast may stand in for the 24-hour PM mean and the 8-hour
 * ozone mean, as AirNow does for real-time reporting.
 */
export interface UsAqiConcentrations {
  /** PM2.5, 24-hour mean (or NowCast), µg/m³. */
  pm25Ugm3?: number | undefined;
  /** PM10, 24-hour mean (or NowCast), µg/m³. */
  pm10Ugm3?: number | undefined;
  /** Ozone, 8-hour mean (or ozone NowCast), ppm. */
  o3Ppm8h?: number | undefined;
  /** Ozone, 1-hour value, ppm; only used at or above 0.125 ppm (see `ozoneSubIndex`). */
  o3Ppm1h?: number | undefined;
  /** NO2, 1-hour value, ppb. */
  no2Ppb1h?: number | undefined;
  /** SO2, 1-hour value, ppb. */
  so2Ppb1h?: number | undefined;
  /** SO2, 24-hour mean, ppb; only used when the 1-hour value is above 304 ppb (see `so2SubIndex`). */
  so2Ppb24h?: number | undefined;
  /** CO, 8-hour mean, ppm. */
  coPpm8h?: number | undefined;
}

/** Pollutants with a US AQI sub-index, in the order ties for the dominant pollutant are settled. */
export const US_AQI_POLLUTANTS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;
export type UsAqiPollutant = (typeof US_AQI_POLLUTANTS)[number];

/** The US AQI of a set of concentrations. */
export interface UsAqiResult {
  /** Highest sub-index, or null when no concentration was indexable. */
  readonly aqi: number | null;
  /** Category of `aqi`, or null with it. */
  readonly category: UsAqiCategory | null;
  /** Pollutant whose sub-index is `aqi` (the first in US_AQI_POLLUTANTS order on a tie). */
  readonly dominant: UsAqiPollutant | null;
  /** Sub-index of every pollutant that had an indexable concentration. */
  readonly subIndices: Partial<Record<UsAqiPollutant, number>>;
  /** True when some sub-index was extrapolated above 500 ("Beyond the AQI"). */
  readonly beyondIndex: boolean;
}

/**
 * Ozone's sub-index from its 8-hour and 1-hour values (TAD, "Using both O3 1-hour and 8-hour
 * values" and the footnotes to Table 6): the 8-hour table covers 0–300 and the 1-hour table
 * 101–500; where both give a value the higher one is reported, because EPA keeps the 1-hour
 * index for the areas where it is the more precautionary. A 1-hour value under 0.125 ppm defines
 * no AQI (the 8-hour value decides). An 8-hour value above 0.200 ppm defines no AQI either —
 * EPA computes AQI ≥ 301 from 1-hour ozone — so without a 1-hour value it is refused with
 * BeyondBreakpointTableError rather than guessed. Undefined when nothing defines an index.
 */
export function ozoneSubIndex(
  eightHourPpm: number | undefined,
  oneHourPpm: number | undefined,
): AqiFromTable | undefined {
  const eightHour = eightHourPpm === undefined ? undefined : aqiFromTable('o3_8h', eightHourPpm);
  const oneHour = oneHourPpm === undefined ? undefined : aqiFromTable('o3_1h', oneHourPpm);
  // aqiFromTable extrapolates past a table's top row; the 8-hour table's top (0.200 ppm) is not
  // the top of the scale but where EPA hands over to the 1-hour table.
  const eightHourDefined = eightHour?.beyondIndex ? undefined : eightHour;
  if (eightHour?.beyondIndex && oneHour === undefined)
    throw new BeyondBreakpointTableError(
      'o3_8h',
      `8-hour ozone ${eightHour.truncated} ppm (${Math.round(eightHour.truncated * 1000)} ppb) is above 0.200 ppm, where EPA defines the AQI (≥ 301) from 1-hour ozone only; give the 1-hour value`,
    );
  if (eightHourDefined === undefined) return oneHour;
  if (oneHour === undefined) return eightHourDefined;
  return oneHour.aqi > eightHourDefined.aqi ? oneHour : eightHourDefined;
}

/**
 * SO2's sub-index (TAD, "Calculating AQI values for SO2"): the 1-hour table defines AQI 0–200
 * (up to 304 ppb). Above 304 ppb, AQI ≥ 200 comes from the 24-hour mean: 305 ppb or more is read
 * off the 24-hour table (201–500); a 24-hour mean under 305 ppb gives AQI 200, the highest the
 * 1-hour value can define. A 1-hour value above 304 ppb without a 24-hour mean is refused with
 * BeyondBreakpointTableError. A 24-hour mean alone indexes only from 305 ppb.
 */
export function so2SubIndex(
  oneHourPpb: number | undefined,
  twentyFourHourPpb: number | undefined,
): AqiFromTable | undefined {
  const dayMean = twentyFourHourPpb === undefined ? undefined : aqiFromTable('so2_24h', twentyFourHourPpb);
  if (oneHourPpb === undefined) return dayMean;
  const oneHour = aqiFromTable('so2_1h', oneHourPpb)!;
  if (!oneHour.beyondIndex) return oneHour;
  if (twentyFourHourPpb === undefined)
    throw new BeyondBreakpointTableError(
      'so2_1h',
      `1-hour SO2 ${oneHour.truncated} ppb is above 304 ppb, where EPA defines the AQI (≥ 200) from the 24-hour SO2 mean only; give the 24-hour mean`,
    );
  return dayMean ?? { aqi: 200, truncated: oneHour.truncated, beyondIndex: false };
}

/** The US AQI (EPA, 2024 revision) of whatever concentrations are given. */
export function usAqi(concentrations: UsAqiConcentrations): UsAqiResult {
  const c = concentrations;
  const sub: Record<UsAqiPollutant, AqiFromTable | undefined> = {
    pm25: c.pm25Ugm3 === undefined ? undefined : aqiFromTable('pm25_24h', c.pm25Ugm3),
    pm10: c.pm10Ugm3 === undefined ? undefined : aqiFromTable('pm10_24h', c.pm10Ugm3),
    o3: ozoneSubIndex(c.o3Ppm8h, c.o3Ppm1h),
    no2: c.no2Ppb1h === undefined ? undefined : aqiFromTable('no2_1h', c.no2Ppb1h),
    so2: so2SubIndex(c.so2Ppb1h, c.so2Ppb24h),
    co: c.coPpm8h === undefined ? undefined : aqiFromTable('co_8h', c.coPpm8h),
  };
  const subIndices: Partial<Record<UsAqiPollutant, number>> = {};
  let dominant: UsAqiPollutant | null = null;
  let aqi: number | null = null;
  let beyondIndex = false;
  for (const pollutant of US_AQI_POLLUTANTS) {
    const s = sub[pollutant];
    if (s === undefined) continue;
    subIndices[pollutant] = s.aqi;
    beyondIndex ||= s.beyondIndex;
    if (aqi === null || s.aqi > aqi) {
      aqi = s.aqi;
      dominant = pollutant;
    }
  }
  return { aqi, category: aqi === null ? null : usAqiCategory(aqi), dominant, subIndices, beyondIndex };
}
