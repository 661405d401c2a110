export {
  EAQI_LEVELS,
  EAQI_POLLUTANTS,
  EAQI_UPPER_EDGES_UGM3,
  type EaqiConcentrationsUgm3,
  type EaqiLevel,
  type EaqiPollutant,
  type EaqiResult,
  eaqi,
  eaqiPollutantLevel,
} from './eaqi.js';
export { AirQualityError, AirQualityInputError, BeyondBreakpointTableError } from './errors.js';
export { type HourlyValues, ozoneNowCastPpb, pmNowCastUgm3 } from './nowcast.js';
export { ozoneDailyMaxEightHourPpb, ozoneEightHourMeanPpb } from './ozone-averages.js';
export {
  type AirQualityReading,
  indexReading,
  parseReading,
  READING_KEYS,
  type ReadingIndex,
} from './reading-index.js';
export {
  RIDER_ADVICE,
  RIDER_MASK_ADVICE,
  type RiderAdvice,
  type RiderMaskAdvice,
  riderAdvice,
} from './rider-advice.js';
export {
  type Gas,
  MOLAR_VOLUME_LITRES_PER_MOL,
  MOLECULAR_WEIGHT_G_PER_MOL,
  microgramsPerCubicMetreToPpb,
  milligramsPerCubicMetreToPpm,
  ppbToMicrogramsPerCubicMetre,
  ppbToPpm,
  ppmToMilligramsPerCubicMetre,
  ppmToPpb,
} from './units.js';
export {
  ozoneSubIndex,
  so2SubIndex,
  US_AQI_POLLUTANTS,
  type UsAqiConcentrations,
  type UsAqiPollutant,
  type UsAqiResult,
  usAqi,
} from './us-aqi.js';
export {
  type AqiBreakpoint,
  type AqiBreakpointTable,
  US_AQI_BREAKPOINTS,
  type UsAqiMeasure,
} from './us-aqi-breakpoints.js';
export { US_AQI_CATEGORIES, type UsAqiCategory, type UsAqiCategoryKey, usAqiCategory } from './us-aqi-categories.js';
export { type AqiFromTable, aqiFromTable, truncateConcentration } from './us-aqi-equation.js';
