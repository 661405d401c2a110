import { AirQualityInputError } from './errors.js';

/**
 * European Air Quality Index (EEA), bands as revised in 2024.
 *
 * Sources: European Environment Agency, "European Air Quality Index"
 * (https://airindex.eea.europa.eu/AQI/index.html, "About the index"), and ETC HE Report 2024/17,
 * "EEA's revision of the European Air Quality Index bands"
 * (https://www.eionet.europa.eu/etcs/etc-he/products/etc-he-products/etc-he-reports/etc-he-report-2024-17-eeas-revision-of-the-european-air-quality-index-bands/).
 * The revision aligned the bands with the WHO 2021 guideline values and moved PM from a 24-hour
 * running mean to hourly values: the EEA index is now computed from hourly concentrations of all
 * five pollutants, in µg/m³. The overall level is the worst pollutant's level.
 *
 * Upper edges per level (Good, Fair, Moderate, Poor, Very poor; Extremely poor above the last):
 *
 *   PM2.5   5   15   50   90  140
 *   PM10   15   45  120  195  270
 *   NO2    10   25   60  100  150
 *   O3     60  100  120  160  180
 *   SO2    20   40  125  190  275
 *
 * The pre-revision (2017–2023) index used, with PM2.5/PM10 as 24-hour running means:
 * PM2.5 10/20/25/50/75 (to 800), PM10 20/40/50/100/150 (to 1200), NO2 40/90/120/230/340 (to 1000),
 * O3 50/100/130/240/380 (to 800), SO2 100/200/350/500/750 (to 1250).
 *
 * The EEA writes bands as "0–5, 5–15, …" without saying which side an edge belongs to; here a
 * concentration equal to an edge belongs to the lower (better) level, as a WHO guideline value
 * is met at the value itself (e.g. exactly 15 µg/m³ PM2.5 is Fair).
 */
export const EAQI_LEVELS = [
  { level: 1, key: 'good', name: 'Good' },
  { level: 2, key: 'fair', name: 'Fair' },
  { level: 3, key: 'moderate', name: 'Moderate' },
  { level: 4, key: 'poor', name: 'Poor' },
  { level: 5, key: 'very-poor', name: 'Very poor' },
  { level: 6, key: 'extremely-poor', name: 'Extremely poor' },
] as const;

/** One EAQI level, 1 (Good) … 6 (Extremely poor). */
export type EaqiLevel = (typeof EAQI_LEVELS)[number];

/** Pollutants of the EAQI, in the order ties for the dominant pollutant are settled. */
export const EAQI_POLLUTANTS = ['pm25', 'pm10', 'no2', 'o3', 'so2'] as const;
export type EaqiPollutant = (typeof EAQI_POLLUTANTS)[number];

/** Upper edge in µg/m³ (inclusive) of levels 1…5 per pollutant; above the last is level 6. */
export const EAQI_UPPER_EDGES_UGM3: Record<EaqiPollutant, readonly [number, number, number, number, number]> = {
  pm25: [5, 15, 50, 90, 140],
  pm10: [15, 45, 120, 195, 270],
  no2: [10, 25, 60, 100, 150],
  o3: [60, 100, 120, 160, 180],
  so2: [20, 40, 125, 190, 275],
};

/** The EAQI level of one pollutant's concentration in µg/m³. */
export function eaqiPollutantLevel(pollutant: EaqiPollutant, concentrationUgm3: number): EaqiLevel {
  if (!Number.isFinite(concentrationUgm3) || concentrationUgm3 < 0)
    throw new AirQualityInputError(
      `${pollutant}: concentration must be a finite number ≥ 0 µg/m³, got ${concentrationUgm3}`,
    );
  const edges = EAQI_UPPER_EDGES_UGM3[pollutant];
  const index = edges.findIndex((edge) => concentrationUgm3 <= edge);
  return EAQI_LEVELS[index === -1 ? 5 : index]!;
}

/** Concentrations for the EAQI, all in µg/m³ (the EEA uses hourly values). */
export type EaqiConcentrationsUgm3 = Partial<Record<EaqiPollutant, number | undefined>>;

/** The EAQI of a set of concentrations. */
export interface EaqiResult {
  /** Worst pollutant's level, or null when no pollutant was given. */
  readonly level: EaqiLevel | null;
  /** Pollutant that sets `level` (first in EAQI_POLLUTANTS order on a tie). */
  readonly dominant: EaqiPollutant | null;
  /** Level number (1…6) of every pollutant given. */
  readonly levels: Partial<Record<EaqiPollutant, EaqiLevel['level']>>;
}

/** The European Air Quality Index of whatever concentrations (µg/m³) are given. */
export function eaqi(concentrationsUgm3: EaqiConcentrationsUgm3): EaqiResult {
  let level: EaqiLevel | null = null;
  let dominant: EaqiPollutant | null = null;
  const levels: Partial<Record<EaqiPollutant, EaqiLevel['level']>> = {};
  for (const pollutant of EAQI_POLLUTANTS) {
    const value = concentrationsUgm3[pollutant];
    if (value === undefined) continue;
    const l = eaqiPollutantLevel(pollutant, value);
    levels[pollutant] = l.level;
    if (level === null || l.level > level.level) {
      level = l;
      dominant = pollutant;
    }
  }
  return { level, dominant, levels };
}
