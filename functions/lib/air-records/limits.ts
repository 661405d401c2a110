/**
 * Size and range limits of the `air-quality` and `weather` records. Ranges are physical
 * plausibility, not air-quality judgement: far beyond any index's top band, short of values
 * only a broken sensor or a unit mix-up produces.
 */

/**
 * Largest record accepted, in bytes of UTF-8 JSON. A full record is about 600 bytes; the HTTP
 * ingest answers 413 above this, consumers dead-letter larger records as `too-large`.
 */
export const MAX_AIR_RECORD_BYTES = 4 * 1024;

/** Longest reason of a flag in an `air-quality-checked` record, in characters (the detector's are about 150). */
export const MAX_CHECK_REASON_CHARS = 300;

/**
 * Largest `air-quality-checked` record: an `air-quality` record of up to MAX_AIR_RECORD_BYTES
 * plus its check, at most six flags of a reason each (in UTF-8, up to 3 bytes a character) and
 * their keys.
 */
export const MAX_AIR_CHECKED_RECORD_BYTES = MAX_AIR_RECORD_BYTES + 6 * (3 * MAX_CHECK_REASON_CHARS + 100) + 100;

/** Longest location name, in characters. */
export const MAX_LOCATION_CHARS = 100;

/** Longest sensor id (after `sensor:`), in characters. */
export const MAX_SENSOR_ID_CHARS = 64;

/**
 * Highest concentration accepted per pollutant, in the pollutant's canonical unit (PM µg/m³,
 * O3/NO2/SO2 ppb, CO ppm). EPA's breakpoint tables end at PM2.5 325.4 µg/m³, PM10 604,
 * O3 604 ppb (1-hour), NO2 2,049 ppb, SO2 1,004 ppb, CO 50.4 ppm; dust storms and wildfire
 * smoke have reached a few thousand µg/m³ of PM, so the limits leave room above the tables.
 */
export const MAX_CONCENTRATION = {
  pm25: 5_000,
  pm10: 10_000,
  o3: 2_000,
  no2: 10_000,
  so2: 10_000,
  co: 1_000,
} as const;

/** Plausible weather ranges (records: −89.2 °C at Vostok, 56.7 °C at Death Valley; 10-minute mean wind below 115 m/s). */
export const WEATHER_RANGES = {
  temperatureC: [-90, 60],
  relativeHumidityPct: [0, 100],
  windSpeedMs: [0, 115],
  windDirectionDeg: [0, 360],
  // Hourly; the wettest hour on record is about 305 mm. Daily sums get the daily limit below.
  precipitationMm: [0, 400],
  // Surface pressure, not sea level: 300 hPa is above the highest summits' surface pressure floor.
  pressureHpa: [300, 1_100],
} as const;

/** Highest daily precipitation sum accepted, mm (the wettest day on record is 1,825 mm). */
export const MAX_DAILY_PRECIPITATION_MM = 2_000;
