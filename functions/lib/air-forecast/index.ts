export { calendarOf, dayNumber, easterSunday, isoDate } from './calendar.js';
export {
  AirForecastError,
  AirForecastModelError,
  AirForecastModelRefusedError,
  ReadingError,
  UnknownFeatureVersionError,
} from './errors.js';
export {
  AREA_TYPES,
  FEATURE_COUNT,
  FEATURE_INDEX,
  FEATURE_NAMES,
  FEATURE_VERSION,
  type FeatureName,
  type ForecastInput,
  STATION_TYPES,
  type StationInfo,
  type WeatherForecast,
  writeFeatures,
} from './features.js';
export { type DailyReading, ForecastFeed, type ForecastRow } from './forecast-feed.js';
export {
  type ForecastModel,
  forecastExplainer,
  predictForecastRow,
  predictForecastRows,
} from './forecast-model.js';
export { addLinearShap, type LinearPart, linearExpectation, predictLinear } from './linear.js';
export { type LiveAirForecastModelOptions, liveAirForecastModel } from './live-model.js';
export {
  AIR_FORECAST_GRAPH,
  AIR_FORECAST_METADATA,
  AIR_FORECAST_MODEL_CARD_FILE,
  AIR_FORECAST_MODEL_FILE,
} from './model-format.js';
export { readForecastModel } from './onnx-trees.js';
export { AIR_FORECAST_MODEL_FILES, loadPublishedAirForecastScorer } from './published-scorer.js';
export { groupContributions, REASON_GROUPS, type Reason, type ReasonGroup, topReasons } from './reasons.js';
export { type AirForecastModelSource, type AirForecastScorer, loadAirForecastScorer } from './scorer.js';
export { parseStationTable } from './station-table.js';
export { type ShapValues, shapBaseValue, treeExpectation, treeShapExplainer } from './tree-shap.js';
export { leafOf, predictRow, predictRows, type RegressionTree, type TreeEnsemble, treeDepth } from './trees.js';
