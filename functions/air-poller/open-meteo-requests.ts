/**
 * The two Open-Meteo requests per location (https://open-meteo.com/en/docs/air-quality-api and
 * https://open-meteo.com/en/docs): hourly series in UTC from yesterday 00:00, so a lookback
 * across midnight finds its hours; the Forecast API also runs to the end of tomorrow, for the
 * next day's forecast. Units: the Air Quality API gives every pollutant in μg/m³; the Forecast
 * API gives °C, %, mm and hPa, and m/s when asked (`wind_speed_unit=ms`).
 */

import type { AirLocation } from '../lib/air-records/index.js';

/** Air Quality API variable → record pollutant key. */
export const AIR_VARIABLES = {
  pm10: 'pm10',
  pm2_5: 'pm25',
  nitrogen_dioxide: 'no2',
  ozone: 'o3',
  sulphur_dioxide: 'so2',
  carbon_monoxide: 'co',
} as const;

/** Forecast API hourly variable → record field, with the unit the request asks for. */
export const WEATHER_HOURLY_VARIABLES = {
  temperature_2m: { field: 'temperatureC', unit: '°C' },
  relative_humidity_2m: { field: 'relativeHumidityPct', unit: '%' },
  wind_speed_10m: { field: 'windSpeedMs', unit: 'm/s' },
  wind_direction_10m: { field: 'windDirectionDeg', unit: '°' },
  precipitation: { field: 'precipitationMm', unit: 'mm' },
  surface_pressure: { field: 'pressureHpa', unit: 'hPa' },
} as const;

/** Forecast API daily variable → day-forecast field, with its unit. */
export const WEATHER_DAILY_VARIABLES = {
  temperature_2m_min: { field: 'temperatureMinC', unit: '°C' },
  temperature_2m_max: { field: 'temperatureMaxC', unit: '°C' },
  wind_speed_10m_max: { field: 'windSpeedMaxMs', unit: 'm/s' },
  wind_direction_10m_dominant: { field: 'windDirectionDeg', unit: '°' },
  precipitation_sum: { field: 'precipitationMm', unit: 'mm' },
} as const;

function withQuery(base: string, query: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

/** The Air Quality API request for a location. */
export function airQualityUrl(base: string, location: AirLocation): string {
  return withQuery(base, {
    latitude: String(location.lat),
    longitude: String(location.lon),
    hourly: Object.keys(AIR_VARIABLES).join(','),
    timezone: 'UTC',
    past_days: '1',
    forecast_days: '1',
  });
}

/** The Forecast API request for a location. */
export function forecastUrl(base: string, location: AirLocation): string {
  return withQuery(base, {
    latitude: String(location.lat),
    longitude: String(location.lon),
    hourly: Object.keys(WEATHER_HOURLY_VARIABLES).join(','),
    daily: Object.keys(WEATHER_DAILY_VARIABLES).join(','),
    wind_speed_unit: 'ms',
    timezone: 'UTC',
    past_days: '1',
    forecast_days: '2',
  });
}
