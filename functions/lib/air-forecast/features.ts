import { calendarOf, easterSunday } from './calendar.js';

/**
 * The features of one forecast row (station s, day d) → daily mean PM10 of d+1, shared by
 * training (models/air-quality/train) and scoring, so the two cannot drift. A model records
 * the version it was trained with and the scorer refuses any other: change the list, the
 * order or a definition, and bump the version.
 *
 * Missing is NaN, never a stand-in number: the trees learn at every split which side NaN
 * goes (ONNX `nodes_missing_value_tracks_true`), so a lag the station did not report, a
 * station without metadata, or tomorrow's weather when no forecast is joined, are all
 * routed as training saw them.
 */
export const FEATURE_VERSION = 'tandem-air-features/1';

export const FEATURE_NAMES = [
  // The station's own PM10 (µg/m³): d, d-1, d-2, d-6, and means over d-2…d and d-6…d of the days reported.
  'pm10_d0',
  'pm10_d1',
  'pm10_d2',
  'pm10_d6',
  'pm10_mean3',
  'pm10_mean7',
  /** Days with a value among d-6…d (1–7): how much the lags and means above rest on. */
  'pm10_count7',
  /** Mean PM10 of day d over every station that reported it: the regional episode. */
  'network_mean_d0',
  /** The same for d-1: whether the regional episode is building or clearing. */
  'network_mean_d1',
  /** Mean PM10 of day d over the other stations within NEIGHBOUR_RADIUS_KM, NaN when none (or no location). */
  'neighbour_mean_d0',
  /** pm10_d0 − network_mean_d0: how far the station sits above or below the region today. */
  'pm10_above_network_d0',
  /** network_mean_d0 − network_mean_d1: the regional trend. */
  'network_change_d0',
  // The day forecast (d+1): weekday 0 = Monday, month 1–12, day of year on the circle.
  'target_weekday',
  'target_month',
  'target_doy_sin',
  'target_doy_cos',
  /** d+1 is 1 January: fireworks at midnight. */
  'target_new_year',
  /** d+1 is Holy Saturday or Easter Sunday: Easter bonfires. */
  'target_easter',
  // Where the station is.
  'lon',
  'lat',
  'altitude_m',
  /** 0 background, 1 industrial, 2 traffic (AirBase), NaN unknown. */
  'station_type',
  /** 0 rural, 1 suburban, 2 urban (AirBase), NaN unknown. */
  'area_type',
  // Tomorrow's weather forecast for the location, NaN when none is joined (all of the bootstrap data).
  'temperature_c',
  'wind_speed_ms',
  'precipitation_mm',
  'humidity_pct',
  'pressure_hpa',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;
export const FEATURE_INDEX = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<FeatureName, number>;

/** Radius of a station's neighbourhood for neighbour_mean_d0. */
export const NEIGHBOUR_RADIUS_KM = 150;

export const STATION_TYPES = { background: 0, industrial: 1, traffic: 2 } as const;
export const AREA_TYPES = { rural: 0, suburban: 1, urban: 2 } as const;

/** What is known about a station; every field optional. */
export interface StationInfo {
  /** WGS84 longitude, degrees. */
  lon?: number | undefined;
  /** WGS84 latitude, degrees. */
  lat?: number | undefined;
  /** Altitude above sea level, m. */
  altitudeM?: number | undefined;
  /** AirBase station type: background, industrial or traffic. */
  stationType?: string | undefined;
  /** AirBase area type: rural, suburban or urban. */
  areaType?: string | undefined;
}

/** Weather forecast for the location on d+1 (daily values); every field optional. */
export interface WeatherForecast {
  /** Mean air temperature at 2 m, °C. */
  temperatureC?: number | undefined;
  /** Mean wind speed at 10 m, m/s. */
  windSpeedMs?: number | undefined;
  /** Precipitation sum, mm. */
  precipitationMm?: number | undefined;
  /** Mean relative humidity, %. */
  humidityPct?: number | undefined;
  /** Mean sea-level pressure, hPa. */
  pressureHpa?: number | undefined;
}

/** Everything one row is computed from; nothing dated after d. */
export interface ForecastInput {
  /** Day number of d (days since 1970-01-01, UTC). */
  day: number;
  /** The station's PM10 on d, d-1, …, d-6 (index k = d-k), NaN where not reported. */
  recent: ArrayLike<number>;
  /** Mean PM10 of day d over the stations reporting it, NaN when unknown. */
  networkMean: number;
  /** The same for d-1, NaN when unknown. */
  networkMeanBefore: number;
  /** Mean PM10 of day d over the other stations within NEIGHBOUR_RADIUS_KM, NaN when none. */
  neighbourMean: number;
  station: StationInfo;
  weather?: WeatherForecast | undefined;
}

const num = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? Number.NaN : x);
const code = (table: Record<string, number>, value: string | undefined) =>
  value === undefined ? Number.NaN : (table[value.toLowerCase()] ?? Number.NaN);

function meanOf(recent: ArrayLike<number>, days: number): number {
  let sum = 0;
  let n = 0;
  for (let k = 0; k < days; k++) {
    const v = recent[k] as number;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
}

/**
 * Writes the FEATURE_COUNT features of one row into `out` at `offset` (a Float32Array: the
 * trees compare float32 values, as onnxruntime does, so training, TypeScript scoring and ONNX
 * see the same numbers).
 */
export function writeFeatures(input: ForecastInput, out: Float32Array, offset = 0): void {
  const { recent, station, weather } = input;
  const target = input.day + 1;
  const cal = calendarOf(target);
  const daysInYear = cal.year % 4 === 0 && (cal.year % 100 !== 0 || cal.year % 400 === 0) ? 366 : 365;
  const angle = (2 * Math.PI * (cal.dayOfYear - 1)) / daysInYear;
  const easter = easterSunday(cal.year);
  const values: number[] = [
    num(recent[0]),
    num(recent[1]),
    num(recent[2]),
    num(recent[6]),
    meanOf(recent, 3),
    meanOf(recent, 7),
    7 - countNaN(recent, 7),
    num(input.networkMean),
    num(input.networkMeanBefore),
    num(input.neighbourMean),
    num(recent[0]) - num(input.networkMean),
    num(input.networkMean) - num(input.networkMeanBefore),
    cal.weekday,
    cal.month,
    Math.sin(angle),
    Math.cos(angle),
    cal.month === 1 && cal.date === 1 ? 1 : 0,
    target === easter || target === easter - 1 ? 1 : 0,
    num(station.lon),
    num(station.lat),
    num(station.altitudeM),
    code(STATION_TYPES, station.stationType),
    code(AREA_TYPES, station.areaType),
    num(weather?.temperatureC),
    num(weather?.windSpeedMs),
    num(weather?.precipitationMm),
    num(weather?.humidityPct),
    num(weather?.pressureHpa),
  ];
  for (let i = 0; i < FEATURE_COUNT; i++) out[offset + i] = values[i] as number;
}

function countNaN(recent: ArrayLike<number>, days: number): number {
  let n = 0;
  for (let k = 0; k < days; k++) if (Number.isNaN(recent[k] as number)) n++;
  return n;
}
