/**
 * Concentrations between the units records may carry, with functions/lib/air-quality's
 * conversions (units.ts): a gas's µg/m³ = ppb × M / 24.45 (molecular weight M in g/mol, the
 * molar volume at EPA's reference conditions, 25 °C and 1 atm), and 1 ppm = 1000 ppb. So
 * CO: 1 ppm = 1,145.6 µg/m³; O3: 1 ppb = 1.963 µg/m³; NO2: 1 ppb = 1.882 µg/m³;
 * SO2: 1 ppb = 2.620 µg/m³. Particles have no mixing ratio and stay in µg/m³.
 *
 * Canonical units are those the US AQI takes (`AirQualityReading` of functions/lib/air-quality):
 * PM in µg/m³, O3/NO2/SO2 in ppb, CO in ppm.
 */

import {
  microgramsPerCubicMetreToPpb,
  ppbToMicrogramsPerCubicMetre,
  ppbToPpm,
  ppmToPpb,
} from '../air-quality/index.js';
import { AirRecordError } from './errors.js';
import type { Concentration, ConcentrationUnit, Pollutant } from './types.js';

/** The unit each pollutant is compared and indexed in. */
export const CANONICAL_UNIT = {
  pm25: 'µg/m³',
  pm10: 'µg/m³',
  o3: 'ppb',
  no2: 'ppb',
  so2: 'ppb',
  co: 'ppm',
} as const satisfies Record<Pollutant, ConcentrationUnit>;

/** `concentration` of `pollutant` expressed in `unit`; throws `AirRecordError` for a conversion that means nothing (PM in ppb). */
export function concentrationIn(pollutant: Pollutant, concentration: Concentration, unit: ConcentrationUnit): number {
  const { value } = concentration;
  if (concentration.unit === unit) return value;
  if (pollutant === 'pm25' || pollutant === 'pm10')
    throw new AirRecordError(`${pollutant} is a mass concentration; it has no value in ${unit}`);
  const ppb = toPpb(pollutant, value, concentration.unit);
  if (unit === 'ppb') return ppb;
  if (unit === 'ppm') return ppbToPpm(ppb);
  return ppbToMicrogramsPerCubicMetre(ppb, pollutant);
}

/** `concentration` in its pollutant's `CANONICAL_UNIT`. */
export function canonicalConcentration(pollutant: Pollutant, concentration: Concentration): number {
  return concentrationIn(pollutant, concentration, CANONICAL_UNIT[pollutant]);
}

function toPpb(gas: 'o3' | 'no2' | 'so2' | 'co', value: number, unit: ConcentrationUnit): number {
  if (unit === 'ppb') return value;
  if (unit === 'ppm') return ppmToPpb(value);
  return microgramsPerCubicMetreToPpb(value, gas);
}
