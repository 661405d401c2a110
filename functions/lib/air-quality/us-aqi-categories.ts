import { AirQualityInputError } from './errors.js';

/**
 * The six US AQI categories with EPA's names and colours.
 *
 * Source: U.S. EPA, "Technical Assistance Document for the Reporting of Daily Air Quality – the
 * Air Quality Index (AQI)", EPA-454/B-24-002 (May 2024), Table 1 "Names and colors for the six
 * AQI categories" and Table 2 "Standard AQI color formulas" (RGB), unchanged from
 * EPA-454/B-18-007 (September 2018), p. 2
 * (https://www.airnow.gov/sites/default/files/2020-05/aqi-technical-assistance-document-sept2018.pdf).
 * Hex values are the RGB triples written in hexadecimal. (AirNow's older API pages list purple
 * as #99004C; the TAD's formula is 143, 63, 151.)
 */
export const US_AQI_CATEGORIES = [
  { key: 'good', name: 'Good', minAqi: 0, maxAqi: 50, colour: 'Green', rgb: [0, 228, 0], hex: '#00E400' },
  { key: 'moderate', name: 'Moderate', minAqi: 51, maxAqi: 100, colour: 'Yellow', rgb: [255, 255, 0], hex: '#FFFF00' },
  {
    key: 'unhealthy-for-sensitive-groups',
    name: 'Unhealthy for Sensitive Groups',
    minAqi: 101,
    maxAqi: 150,
    colour: 'Orange',
    rgb: [255, 126, 0],
    hex: '#FF7E00',
  },
  { key: 'unhealthy', name: 'Unhealthy', minAqi: 151, maxAqi: 200, colour: 'Red', rgb: [255, 0, 0], hex: '#FF0000' },
  {
    key: 'very-unhealthy',
    name: 'Very Unhealthy',
    minAqi: 201,
    maxAqi: 300,
    colour: 'Purple',
    rgb: [143, 63, 151],
    hex: '#8F3F97',
  },
  // 301–500 since the 2024 TAD; values above 500 ("Beyond the AQI", AirNow) take this category's advice.
  {
    key: 'hazardous',
    name: 'Hazardous',
    minAqi: 301,
    maxAqi: Number.POSITIVE_INFINITY,
    colour: 'Maroon',
    rgb: [126, 0, 35],
    hex: '#7E0023',
  },
] as const;

/** One US AQI category. */
export type UsAqiCategory = (typeof US_AQI_CATEGORIES)[number];
/** A category's stable key, e.g. `unhealthy-for-sensitive-groups`. */
export type UsAqiCategoryKey = UsAqiCategory['key'];

/** The category of an integer AQI ≥ 0 (as `usAqi` returns it). */
export function usAqiCategory(aqi: number): UsAqiCategory {
  if (!Number.isInteger(aqi) || aqi < 0) throw new AirQualityInputError(`AQI must be an integer ≥ 0, got ${aqi}`);
  return US_AQI_CATEGORIES.find((c) => aqi <= c.maxAqi)!;
}
