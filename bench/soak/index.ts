export { heapAfterGc } from './heap.js';
export {
  runSoak,
  SOAK_TABLE_HEADER,
  type SoakOptions,
  type SoakResult,
  type SoakSample,
  soakRow,
  soakVerdict,
} from './soak.js';
export { DEFAULT_MAX_SLOPE_MB_PER_HOUR, type HeapPoint, type HeapTrend, heapTrend } from './trend.js';
