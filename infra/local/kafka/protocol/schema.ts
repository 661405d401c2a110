/**
 * Schema tables: one description per Kafka message with the version ranges of
 * each field, in the shape of Apache Kafka's own message definitions
 * (clients/src/main/resources/common/message/*.json). The codec in codec.ts
 * compiles a table into a reader and a writer per version, so no version is
 * ever hand-copied.
 *
 * Versions are written as Kafka writes them: "0+", "3-5", "7", "none".
 */
export type PrimitiveType =
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'int64'
  | 'float64'
  | 'bool'
  | 'uuid'
  | 'string'
  | 'bytes'
  | 'records';

export interface FieldSpec {
  /** Field name as in Kafka's JSON (PascalCase); decoded objects use camelCase. */
  name: string;
  /** A primitive, `[]<primitive>`, `[]<StructName>` (with `fields`) or `<StructName>` (with `fields`). */
  type: string;
  /** Versions in which the field is on the wire. */
  versions: string;
  /** Versions in which a string, bytes, records or array field may be null. */
  nullableVersions?: string;
  /** Versions in which the field travels in the tagged-field section instead of inline. */
  taggedVersions?: string;
  /** Tag number, required with `taggedVersions`. */
  tag?: number;
  /** Value used when the field is absent in a version (defaults: 0, "", false, [], null when nullable). */
  default?: unknown;
  /** Members of a struct or of an array of structs. */
  fields?: FieldSpec[];
}

export interface MessageSpec {
  apiKey: number;
  type: 'request' | 'response' | 'header' | 'data';
  name: string;
  validVersions: string;
  /** Versions that use compact encodings and tagged fields. */
  flexibleVersions: string;
  fields: FieldSpec[];
}

/** A parsed version range, inclusive; `none` is the empty range. */
export interface VersionRange {
  min: number;
  max: number;
}

const cache = new Map<string, VersionRange>();

export function parseVersions(spec: string): VersionRange {
  const hit = cache.get(spec);
  if (hit) return hit;
  let range: VersionRange;
  if (spec === 'none') range = { min: 1, max: 0 };
  else if (spec.endsWith('+')) range = { min: Number(spec.slice(0, -1)), max: Number.POSITIVE_INFINITY };
  else if (spec.includes('-')) {
    const [a, b] = spec.split('-');
    range = { min: Number(a), max: Number(b) };
  } else range = { min: Number(spec), max: Number(spec) };
  if (Number.isNaN(range.min) || Number.isNaN(range.max)) throw new TypeError(`bad version range "${spec}"`);
  cache.set(spec, range);
  return range;
}

export function inVersions(spec: string | undefined, version: number): boolean {
  if (spec === undefined) return false;
  const { min, max } = parseVersions(spec);
  return version >= min && version <= max;
}

/** `TopicData` → `topicData`, `ThrottleTimeMs` → `throttleTimeMs`. */
export function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
