import { compileCondition } from './condition.js';
import { FilterPatternError } from './errors.js';
import { isJsonLeaf } from './json-shape.js';
import { indexPath } from './path.js';
import type { JsonLeaf } from './types.js';

/**
 * A field's condition array, compiled: true when ANY condition matches.
 *
 * The field's values are its JSON scalars: the value itself, or every scalar of
 * an array (nested arrays flattened; EventBridge: "If the value in the event is
 * an array, then the event pattern matches if the intersection of the event
 * pattern array and the event array is non-empty"). A missing field, an object
 * and an empty array hold no value: EventBridge comparison operators "only work
 * on leaf nodes", so `{"exists": true}` needs a scalar there and
 * `{"exists": false}` matches when there is none. null is a value.
 */
export function compileFieldMatcher(conditions: readonly unknown[], path: string): (value: unknown) => boolean {
  if (conditions.length === 0) {
    throw new FilterPatternError('condition list is empty; write [null] to match a null value', { path });
  }
  const literals = new Set<JsonLeaf>();
  const tests: ((leaf: JsonLeaf) => boolean)[] = [];
  let matchesPresent = false;
  let matchesAbsent = false;
  conditions.forEach((item, index) => {
    const condition = compileCondition(item, indexPath(path, index));
    if (condition.kind === 'literal') literals.add(condition.value);
    else if (condition.kind === 'test') tests.push(condition.test);
    else if (condition.present) matchesPresent = true;
    else matchesAbsent = true;
  });
  const test = combineTests(literals, tests);
  return (value) => {
    if (isJsonLeaf(value)) return matchesPresent || test(value);
    if (Array.isArray(value)) {
      const scan = scanArray(value, test);
      if (scan === Scan.matched) return true;
      return scan === Scan.present ? matchesPresent : matchesAbsent;
    }
    return matchesAbsent;
  };
}

const Scan = { absent: 0, present: 1, matched: 2 } as const;
type Scan = (typeof Scan)[keyof typeof Scan];

function scanArray(values: readonly unknown[], test: (leaf: JsonLeaf) => boolean): Scan {
  let result: Scan = Scan.absent;
  for (const value of values) {
    if (isJsonLeaf(value)) {
      if (test(value)) return Scan.matched;
      result = Scan.present;
    } else if (Array.isArray(value)) {
      const nested = scanArray(value, test);
      if (nested === Scan.matched) return Scan.matched;
      if (nested === Scan.present) result = Scan.present;
    }
  }
  return result;
}

function combineTests(literals: Set<JsonLeaf>, tests: ((leaf: JsonLeaf) => boolean)[]): (leaf: JsonLeaf) => boolean {
  const [only] = tests;
  if (tests.length === 0) return literals.size === 0 ? () => false : (leaf) => literals.has(leaf);
  if (tests.length === 1 && only && literals.size === 0) return only;
  return (leaf) => {
    if (literals.has(leaf)) return true;
    for (const test of tests) if (test(leaf)) return true;
    return false;
  };
}
