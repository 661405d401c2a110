export {
  type AirQualityCheck,
  type AirQualityCheckedRecord,
  CHECK_FLAG_KINDS,
  CHECK_STATUSES,
  type CheckFlag,
  type CheckFlagKind,
  type CheckStatus,
} from './check.js';
export { CANONICAL_UNIT, canonicalConcentration, concentrationIn } from './concentrations.js';
export { AirRecordError, AirRecordValidationError } from './errors.js';
export { AIR_FORECAST_ITEM_VERSION, type AirForecastItem, type AirForecastItemReason } from './forecast-item.js';
export {
  MAX_AIR_CHECKED_RECORD_BYTES,
  MAX_AIR_RECORD_BYTES,
  MAX_CHECK_REASON_CHARS,
  MAX_CONCENTRATION,
  MAX_DAILY_PRECIPITATION_MM,
  MAX_LOCATION_CHARS,
  MAX_SENSOR_ID_CHARS,
  WEATHER_RANGES,
} from './limits.js';
export { AIR_LOCATIONS_ENV, type AirLocation, airLocations } from './locations.js';
export { airPartition } from './partition.js';
export { airRecordKey } from './record-key.js';
export {
  AIR_RECORD_SCHEMA_VERSION,
  type AirQualityRecord,
  type AirRecordProblem,
  type AirRecordSource,
  CONCENTRATION_UNITS,
  type Concentration,
  type ConcentrationUnit,
  type DailyWeatherForecast,
  type LocatedHour,
  POLLUTANT_UNITS,
  POLLUTANTS,
  type Pollutant,
  type WeatherRecord,
} from './types.js';
export {
  airQualityRecordProblem,
  isAirQualityRecord,
  validateAirQualityRecord,
} from './validate-air-quality.js';
export {
  airQualityCheckedRecordProblem,
  validateAirQualityCheckedRecord,
} from './validate-air-quality-checked.js';
export { isWeatherRecord, nextDay, validateWeatherRecord, weatherRecordProblem } from './validate-weather.js';
