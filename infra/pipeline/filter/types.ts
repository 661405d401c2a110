/** A JSON scalar: the only kind of value a filter condition compares against. */
export type JsonLeaf = string | number | boolean | null;

/** One entry of `FilterCriteria.Filters` (Lambda API type `Filter`). */
export interface FilterCriteriaFilter {
  /** The filter rule: a JSON object serialised to a string, at most 4,096 characters. */
  Pattern: string;
}

/** FilterCriteria of an event source mapping (Lambda API type `FilterCriteria`). */
export interface FilterCriteria {
  /** Filters, ORed together; at most five. Missing or empty: every record passes. */
  Filters?: FilterCriteriaFilter[];
}

/** A Kafka record as the event-source-mapping emulator holds it before invoking. */
export interface FilterableKafkaRecord {
  /** Topic the record was read from. */
  topic: string;
  /** Partition the record was read from. */
  partition: number;
  /** Offset of the record in its partition. */
  offset: number;
  /** Record timestamp, epoch milliseconds. */
  timestamp: number;
  /** `CREATE_TIME` or `LOG_APPEND_TIME`, when known. */
  timestampType?: string;
  /** Raw key bytes; null when the record has no key. */
  key: Buffer | null;
  /** Raw value bytes; null for a tombstone. */
  value: Buffer | null;
}

/** Compiled FilterCriteria: decides per record whether Lambda would deliver it. */
export interface RecordFilter {
  /** True when the record satisfies at least one filter (or there are none). */
  matches(record: FilterableKafkaRecord): boolean;
}

/** A compiled pattern applied to one JSON document. */
export type DocumentMatcher = (doc: unknown) => boolean;
