/**
 * The records of the `air-quality` and `weather` topics: what the poller (functions/air-poller)
 * and `POST /v1/air/readings` produce and every consumer reads. Version 1.
 */

/** Version of both record schemas; a consumer refuses a version it does not know. */
export const AIR_RECORD_SCHEMA_VERSION = 1;

/** Pollutant keys, as functions/lib/air-quality's `AirQualityReading` names them. */
export const POLLUTANTS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;
export type Pollutant = (typeof POLLUTANTS)[number];

/** Units a concentration may carry. `µg/m³` is written with the micro sign (U+00B5). */
export const CONCENTRATION_UNITS = ['µg/m³', 'ppb', 'ppm'] as const;
export type ConcentrationUnit = (typeof CONCENTRATION_UNITS)[number];

/**
 * Units allowed per pollutant: particles are a mass concentration only; gases may come as a
 * mass concentration or a mixing ratio. CO in ppb and O3/NO2/SO2 in ppm are not taken, since no
 * source reports them so and a value in them is more likely a unit mix-up than a reading.
 */
export const POLLUTANT_UNITS = {
  pm25: ['µg/m³'],
  pm10: ['µg/m³'],
  o3: ['µg/m³', 'ppb'],
  no2: ['µg/m³', 'ppb'],
  so2: ['µg/m³', 'ppb'],
  co: ['µg/m³', 'ppm'],
} as const satisfies Record<Pollutant, readonly ConcentrationUnit[]>;

/** One concentration with its unit. */
export interface Concentration {
  /** A finite number ≥ 0 in `unit`, below the pollutant's plausibility limit. */
  value: number;
  /** One of the pollutant's `POLLUTANT_UNITS`. */
  unit: ConcentrationUnit;
}

/** Where a record comes from: Open-Meteo's APIs, or a user's sensor (`sensor:<id>`). */
export type AirRecordSource = 'open-meteo' | `sensor:${string}`;

/** Fields both records share: where and which hour. */
export interface LocatedHour {
  /** Schema version, `AIR_RECORD_SCHEMA_VERSION`. */
  schemaVersion: typeof AIR_RECORD_SCHEMA_VERSION;
  /** Location name (a declared location for the poller; the sensor owner's label otherwise); 1..100 characters, no `|`. */
  location: string;
  /** Latitude, WGS84 degrees, −90..90. */
  lat: number;
  /** Longitude, WGS84 degrees, −180..180. */
  lon: number;
  /** The hour the values are for: RFC 3339 UTC, hour-aligned, exactly `YYYY-MM-DDTHH:00:00Z`. */
  hour: string;
  /** Who measured or modelled it. */
  source: AirRecordSource;
}

/** An `air-quality` record: one location's concentrations for one hour. */
export interface AirQualityRecord extends LocatedHour {
  /** Every pollutant key is present; null when not measured. At least one is not null. */
  readings: Record<Pollutant, Concentration | null>;
}

/** The next day's weather forecast for the location, as the forecast model takes it (daily values). */
export interface DailyWeatherForecast {
  /** The day forecast: `YYYY-MM-DD` (UTC). */
  date: string;
  /** Mean air temperature at 2 m, °C. */
  temperatureC: number | null;
  /** Lowest air temperature at 2 m, °C. */
  temperatureMinC: number | null;
  /** Highest air temperature at 2 m, °C. */
  temperatureMaxC: number | null;
  /** Mean relative humidity at 2 m, %. */
  humidityPct: number | null;
  /** Mean wind speed at 10 m, m/s. */
  windSpeedMs: number | null;
  /** Highest wind speed at 10 m, m/s. */
  windSpeedMaxMs: number | null;
  /** Dominant wind direction at 10 m, degrees (0 = from the north, 90 = from the east). */
  windDirectionDeg: number | null;
  /** Precipitation sum, mm. */
  precipitationMm: number | null;
  /** Mean surface pressure, hPa. */
  pressureHpa: number | null;
}

/**
 * A `weather` record: one location's weather for one hour. Each field's unit is in its name
 * (°C, %, m/s, degrees, mm, hPa); null when the source has no value.
 */
export interface WeatherRecord extends LocatedHour {
  /** Air temperature at 2 m, °C. */
  temperatureC: number | null;
  /** Relative humidity at 2 m, %. */
  relativeHumidityPct: number | null;
  /** Wind speed at 10 m, m/s. */
  windSpeedMs: number | null;
  /** Wind direction at 10 m, degrees, where it blows from. */
  windDirectionDeg: number | null;
  /** Precipitation in the preceding hour, mm. */
  precipitationMm: number | null;
  /** Surface pressure, hPa. */
  pressureHpa: number | null;
  /** The forecast for the day after `hour`'s day, or null when the source had none. */
  forecastFor: DailyWeatherForecast | null;
}

/** A field that failed validation, and why. */
export interface AirRecordProblem {
  /** Path of the field (`readings.co.unit`), or `(body)` when the value is not an object at all. */
  field: string;
  /** What is wrong, for a person. */
  message: string;
}
