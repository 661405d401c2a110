export { type AggregateStore, applyDelta, type DeltaApplication } from './aggregate-store.js';
export { WINDOW_STATE_TABLE_ENV, WINDOWS_TABLE_ENV, windowTables } from './config.js';
export { type Contribution, collapse, deltaSize, type WindowDelta } from './delta.js';
export { WindowContentionError, WindowEngineError } from './errors.js';
export { metricsOf, parseEventTime, type WindowMetric, windowMetric } from './metric.js';
export * from './schema.js';
export { advanceState, type MetricState, readStates, type StateStore, stateOf } from './state.js';
export { watermarkOf } from './watermark.js';
export {
  type WindowCounter,
  type WindowCounterOptions,
  type WindowCountResult,
  type WindowInput,
  type WindowPlan,
  windowCounter,
} from './window-counter.js';
export { isFinal, latestFinalWindowStart, latestWindowStart, type WindowShape, windowStartsOf } from './windows.js';
