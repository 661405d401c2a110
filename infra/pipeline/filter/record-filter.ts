/**
 * FilterCriteria for Kafka event source mappings (Amazon MSK, self-managed
 * Kafka), as the local emulator applies them to each record before batching.
 * The emulator compiles the criteria once when it loads a mapping, and
 * pipeline validation calls the same function, so a bad pattern fails at load.
 *
 * From the AWS docs:
 * - "By default, you can define up to five different filters for a single event
 *   source mapping. Your filters are logically ORed together." More than five is
 *   an error at mapping creation; each Pattern is at most 4,096 characters.
 * - Kafka: "you can use the value key to filter records" whether producers write
 *   "valid JSON format or ... plain strings"; a JSON value is addressed by
 *   nesting (`{"value": {"device_ID": [{"prefix": "AB"}]}}`), a plain string by a
 *   condition list on `value` itself (`{"value": [{"anything-but": ["error"]}]}`).
 *   Messages "must be UTF-8 encoded strings".
 * - Filtered-out records are skipped; the emulator commits their offsets
 *   ("Lambda commits offsets for matched and unmatched messages").
 *
 * How a pattern meets a value (AWS semantics, which the emulator reproduces):
 * - Lambda matches with EventBridge's pattern rules (aws/event-ruler): the record
 *   is a JSON document whose `value` is the decoded JSON object or the plain
 *   string, and every comparison applies to leaf values only. A condition list
 *   on `value` therefore never matches a JSON-object value (the object is no
 *   leaf) — except `{"exists": false}`, which does, because no leaf sits at
 *   `value`. Likewise a nested pattern on a plain-string value matches only
 *   where it asks for absence (`{"value": {"meta": {"domain": [{"exists":
 *   false}]}}}` matches the string "hello"). There is no separate format check:
 *   the leaf rule is the whole story, and a pattern written for one format must
 *   not assume the other format is filtered out. (An older Lambda page says a
 *   format mismatch makes Lambda filter "on the other metadata properties only";
 *   patterns in pipeline.ts avoid depending on either reading — see NOT_CANARY.)
 * - A value is JSON when its UTF-8 text parses to a JSON object. JSON scalars and
 *   arrays (`"error"`, `42`, `[1]`) are plain strings, so a numeric condition on
 *   a bare `42` does not match (the docs name only "valid JSON" and "plain
 *   strings"; AWS may read a JSON array as JSON).
 * - A null value (tombstone) or bytes that are not UTF-8 leave `value` absent:
 *   only `{"exists": false}` matches it.
 * - `key` is decoded by the same rule as `value`. The metadata fields `topic`,
 *   `partition`, `offset`, `timestamp` and `timestampType` can be matched as in
 *   the invoke payload. The current AWS pages say Kafka mappings "only support
 *   filtering on the value key"; patterns on the other fields work locally only.
 *   Any other top-level field (`body`, `data`, ...) is rejected, since it could
 *   never match a Kafka record.
 * - Key and value are decoded once per record, and only when some filter names
 *   them; JSON.parse runs only on text that starts and ends with braces.
 */
import { FilterPatternError } from './errors.js';
import { describeJson, isJsonObject } from './json-shape.js';
import { type KafkaFilterView, kafkaFilterFields, kafkaFilterView } from './kafka-view.js';
import { filterCriteriaLimits } from './limits.js';
import { childPath } from './path.js';
import { compilePatternObject, parsePatternText } from './pattern.js';
import type { FilterableKafkaRecord, FilterCriteria, RecordFilter } from './types.js';

type ViewMatcher = (view: KafkaFilterView) => boolean;

interface CompiledFilter {
  matches: ViewMatcher;
  needsKey: boolean;
  needsValue: boolean;
}

const matchEverything: RecordFilter = { matches: () => true };
const criteriaLevel = { inCriteria: true } as const;

/**
 * Compiles an event source mapping's FilterCriteria. Undefined criteria, `{}` and
 * `{ Filters: [] }` let every record through. Throws FilterPatternError when the
 * criteria are not ones Lambda would accept.
 */
export function compileFilterCriteria(criteria: FilterCriteria | undefined): RecordFilter {
  if (criteria === undefined) return matchEverything;
  if (!isJsonObject(criteria)) {
    throw new FilterPatternError(`must be an object, got ${describeJson(criteria)}`, criteriaLevel);
  }
  const filters: unknown = criteria.Filters;
  if (filters === undefined) return matchEverything;
  if (!Array.isArray(filters)) {
    throw new FilterPatternError(`Filters must be an array, got ${describeJson(filters)}`, criteriaLevel);
  }
  if (filters.length > filterCriteriaLimits.maxFilters) {
    throw new FilterPatternError(
      `Filters has ${filters.length} filters; Lambda allows at most ${filterCriteriaLimits.maxFilters} per event source mapping`,
      criteriaLevel,
    );
  }
  if (filters.length === 0) return matchEverything;
  const compiled = filters.map((filter, index) => {
    try {
      return compileFilter(filter);
    } catch (err) {
      throw err instanceof FilterPatternError ? err.inFilter(index) : err;
    }
  });
  const needs = {
    key: compiled.some((filter) => filter.needsKey),
    value: compiled.some((filter) => filter.needsValue),
  };
  const matchers = compiled.map((filter) => filter.matches);
  return {
    matches(record: FilterableKafkaRecord): boolean {
      const view = kafkaFilterView(record, needs);
      for (const matches of matchers) if (matches(view)) return true;
      return false;
    },
  };
}

function compileFilter(filter: unknown): CompiledFilter {
  if (!isJsonObject(filter) || typeof filter.Pattern !== 'string') {
    throw new FilterPatternError(`each filter is {"Pattern": "<JSON text>"}, got ${describeJson(filter)}`);
  }
  const text = filter.Pattern;
  if (text.length > filterCriteriaLimits.maxPatternLength) {
    throw new FilterPatternError(
      `is ${text.length} characters long; Lambda allows at most ${filterCriteriaLimits.maxPatternLength}`,
    );
  }
  const pattern = parsePatternText(text);
  for (const field of Object.keys(pattern)) {
    if (!(kafkaFilterFields as readonly string[]).includes(field)) {
      throw new FilterPatternError(
        `"${field}" is not a field of a Kafka record; a pattern names ${kafkaFilterFields.join(', ')}`,
        { path: childPath('', field) },
      );
    }
  }
  const matches = compilePatternObject(pattern) as ViewMatcher;
  return { matches, needsKey: Object.hasOwn(pattern, 'key'), needsValue: Object.hasOwn(pattern, 'value') };
}
