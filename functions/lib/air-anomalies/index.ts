export { AnomalyFeed, type StepReading, type StepVerdict } from './anomaly-feed.js';
export { ANOMALY_KINDS, type AnomalyKind, type AnomalyVerdict } from './anomaly-kinds.js';
export { checkReading, type DetectorStep, type SensorReading } from './detector.js';
export { AirAnomalyError, AnomalyReadingError } from './errors.js';
export {
  distanceKm,
  MIN_NETWORK_SIZE,
  NEIGHBOUR_RADIUS_KM,
  networkExpectations,
  type SensorLocation,
} from './network-expectation.js';
export { newSensorState, type SensorState } from './sensor-state.js';
export { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from './settings.js';
