/**
 * Filter patterns: Lambda's filter rule syntax, which is a subset of EventBridge
 * event patterns, compiled once into closures over a JSON document.
 *
 * Implemented from the AWS docs:
 * - Lambda "Filter rule syntax" (invocation-eventfiltering.html#filtering-syntax):
 *   Null `[null]`, Empty `[""]`, Equals `["Alice"]`, And (several keys),
 *   Or (several values in one list), Not `{"anything-but": [...]}`,
 *   `{"numeric": ["=", 100]}` and ranges `{"numeric": [">", 10, "<=", 20]}`,
 *   `{"exists": true|false}`, Begins with `{"prefix": "us-"}`; the operators
 *   `{"suffix": ...}` and `{"equals-ignore-case": ...}` and the anything-but
 *   forms `{"prefix": ...}` / `{"suffix": ...}` follow EventBridge content
 *   filtering (eb-event-patterns-content-based-filtering.html).
 * - Nested objects address nested fields ("multi-level filtering"); "the event
 *   must contain all the field names included in a filter" and fields the
 *   pattern does not name are ignored.
 * - "for strings, Lambda uses exact character-by-character matching without
 *   case-folding or any other string normalization".
 *
 * Deliberately not implemented, so they fail at compile time with a message:
 * - `{"wildcard": ...}`, `{"cidr": ...}`: EventBridge-only, not in Lambda's list.
 * - `"$or"`: listed for EventBridge; the Lambda filter-syntax table this code was
 *   written from does not list it.
 * - `{"prefix": {"equals-ignore-case": ...}}` and the other nested forms.
 *
 * Known differences from AWS:
 * - Lambda compares numbers in exact matches by their text ("300, 300.0, and
 *   3.0e2 are not considered equal"); JSON.parse keeps no text, so here 300 and
 *   300.0 are equal. `numeric` compares values, as on AWS.
 * - EventBridge limits `numeric` to ±1e9 with six decimals; not enforced here.
 * - An array of objects is matched one element at a time: all fields of a nested
 *   pattern must match within the same element, and the array matches when any
 *   element does.
 * - Empty objects and empty condition lists are rejected rather than guessed at.
 */
import { FilterPatternError } from './errors.js';
import { compileFieldMatcher } from './field-matcher.js';
import { describeJson, isJsonLeaf, isJsonObject } from './json-shape.js';
import { eventBridgeOrKey } from './operators.js';
import { childPath } from './path.js';
import type { DocumentMatcher } from './types.js';

/**
 * Compiles a filter pattern (a JSON object, or its JSON text) into a matcher for
 * any JSON document. Throws FilterPatternError, naming the path, when the
 * pattern is invalid.
 */
export function compilePattern(pattern: object | string): DocumentMatcher {
  return compilePatternObject(typeof pattern === 'string' ? parsePatternText(pattern) : pattern);
}

/** Parses a pattern's JSON text; the result must be a JSON object. */
export function parsePatternText(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new FilterPatternError(`not valid JSON (${(err as Error).message})`, {}, { cause: err });
  }
  if (!isJsonObject(parsed)) throw new FilterPatternError(`must be a JSON object, got ${describeJson(parsed)}`);
  return parsed;
}

/** Compiles an already parsed pattern object. */
export function compilePatternObject(pattern: unknown): DocumentMatcher {
  if (!isJsonObject(pattern)) throw new FilterPatternError(`must be a JSON object, got ${describeJson(pattern)}`);
  return compileObject(pattern, '');
}

function compileObject(pattern: Record<string, unknown>, path: string): DocumentMatcher {
  const keys = Object.keys(pattern);
  if (keys.length === 0) throw new FilterPatternError('empty pattern object names no field to match', { path });
  const fields = keys.map((key) => compileField(key, pattern[key], path));
  const [only] = fields;
  if (fields.length === 1 && only) return only;
  return (doc) => {
    for (const field of fields) if (!field(doc)) return false;
    return true;
  };
}

function compileField(key: string, rule: unknown, parentPath: string): DocumentMatcher {
  const path = childPath(parentPath, key);
  if (key === eventBridgeOrKey) {
    throw new FilterPatternError(`"${key}" is EventBridge-only; Lambda event filtering does not support it`, {
      path,
    });
  }
  if (Array.isArray(rule)) {
    const matchValue = compileFieldMatcher(rule, path);
    return (doc) => matchValue(fieldOf(doc, key));
  }
  if (isJsonObject(rule)) {
    const matchNested = compileObject(rule, path);
    return (doc) => matchNestedValue(matchNested, fieldOf(doc, key));
  }
  const hint = isJsonLeaf(rule) ? `; write [${JSON.stringify(rule)}] for an exact match` : '';
  throw new FilterPatternError(
    `must be an array of conditions or a nested pattern object, got ${describeJson(rule)}${hint}`,
    { path },
  );
}

function fieldOf(doc: unknown, key: string): unknown {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !Object.hasOwn(doc, key)) return undefined;
  return (doc as Record<string, unknown>)[key];
}

/** A nested pattern against an array matches if some object element matches; with none, the field is absent. */
function matchNestedValue(match: DocumentMatcher, value: unknown): boolean {
  if (!Array.isArray(value)) return match(value);
  const verdict = matchObjectElements(match, value);
  return verdict === undefined ? match(undefined) : verdict;
}

function matchObjectElements(match: DocumentMatcher, values: readonly unknown[]): boolean | undefined {
  let sawObject = false;
  for (const value of values) {
    if (Array.isArray(value)) {
      const nested = matchObjectElements(match, value);
      if (nested === true) return true;
      if (nested === false) sawObject = true;
    } else if (typeof value === 'object' && value !== null) {
      if (match(value)) return true;
      sawObject = true;
    }
  }
  return sawObject ? false : undefined;
}
