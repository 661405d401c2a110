export { FilterError, FilterPatternError, type FilterPatternLocation } from './errors.js';
export { type KafkaFilterField, type KafkaFilterView, kafkaFilterFields } from './kafka-view.js';
export { filterCriteriaLimits } from './limits.js';
export { FilterOperator } from './operators.js';
export { compilePattern } from './pattern.js';
export { decodePayload, type FilterPayload } from './payload.js';
export { compileFilterCriteria } from './record-filter.js';
export type {
  DocumentMatcher,
  FilterableKafkaRecord,
  FilterCriteria,
  FilterCriteriaFilter,
  JsonLeaf,
  RecordFilter,
} from './types.js';
