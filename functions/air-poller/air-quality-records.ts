/**
 * Air Quality API series → `air-quality` records, one per wanted hour with at least one value.
 *
 * Units: Open-Meteo gives every pollutant in μg/m³ (hourly_units, checked). Particles and
 * O3/NO2/SO2 keep it: the EAQI takes µg/m³ and the US AQI's ppb is one conversion away, so the
 * record keeps the number the source gave. CO is converted to ppm (functions/lib/air-quality:
 * ppm = µg/m³ × 24.45 / 28.01 / 1000, 25 °C and 1 atm), the unit of its only index (US AQI,
 * 8-hour CO); rounded to 4 decimals (0.0001 ppm = 0.11 µg/m³, finer than Open-Meteo's 1 µg/m³).
 */

import {
  AIR_RECORD_SCHEMA_VERSION,
  type AirLocation,
  type AirQualityRecord,
  type Concentration,
  concentrationIn,
  type Pollutant,
} from '../lib/air-records/index.js';
import { AIR_VARIABLES } from './open-meteo-requests.js';
import { readSeries } from './open-meteo-series.js';

/** How Open-Meteo writes µg/m³ (Greek mu, U+03BC), and the micro sign (U+00B5) records use, should it switch. */
export const OPEN_METEO_MASS_UNITS = ['μg/m³', 'µg/m³'] as const;

const AIR_UNITS = Object.fromEntries(Object.keys(AIR_VARIABLES).map((v) => [v, OPEN_METEO_MASS_UNITS]));

/** Records of the wanted hours in an Air Quality API answer; throws `OpenMeteoResponseError` when it is malformed. */
export function airQualityRecords(body: unknown, location: AirLocation, hours: ReadonlySet<string>): unknown[] {
  const { times, values } = readSeries(body, 'hourly', AIR_UNITS);
  const records: unknown[] = [];
  times.forEach((hour, i) => {
    if (!hours.has(hour)) return;
    const readings = {} as Record<Pollutant, Concentration | null>;
    let measured = 0;
    for (const [variable, pollutant] of Object.entries(AIR_VARIABLES)) {
      const value = values[variable]?.[i] ?? null;
      if (value !== null) measured++;
      readings[pollutant] = value === null ? null : concentration(pollutant, value);
    }
    if (measured === 0) return;
    const record: AirQualityRecord = {
      schemaVersion: AIR_RECORD_SCHEMA_VERSION,
      location: location.name,
      lat: location.lat,
      lon: location.lon,
      hour,
      source: 'open-meteo',
      readings,
    };
    records.push(record);
  });
  return records;
}

function concentration(pollutant: Pollutant, microgramsPerCubicMetre: number): Concentration {
  if (pollutant !== 'co') return { value: microgramsPerCubicMetre, unit: 'µg/m³' };
  // A negative model value stays negative here so the record validator refuses it, visibly.
  const ppm = concentrationIn('co', { value: microgramsPerCubicMetre, unit: 'µg/m³' }, 'ppm');
  return { value: Math.round(ppm * 10_000) / 10_000, unit: 'ppm' };
}
