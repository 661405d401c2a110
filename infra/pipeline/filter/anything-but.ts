import { FilterPatternError } from './errors.js';
import { describeJson, isJsonObject } from './json-shape.js';
import { childPath } from './path.js';
import type { JsonLeaf } from './types.js';

/**
 * `{"anything-but": ...}`: the field holds a value that is not excluded.
 *
 * Accepted forms (EventBridge content filtering): a string, a number, a
 * non-empty list of only strings or only numbers, `{"prefix": "..."}` and
 * `{"suffix": "..."}`. A missing field never matches: anything-but describes a
 * value that is there (`{"exists": false}` is the way to match absence).
 * A value list excludes by strict JSON equality, so `{"anything-but": ["5"]}`
 * matches the number 5 and null. The prefix/suffix forms only match strings.
 */
export function compileAnythingBut(spec: unknown, conditionPath: string): (leaf: JsonLeaf) => boolean {
  const path = childPath(conditionPath, 'anything-but');
  if (typeof spec === 'string' || typeof spec === 'number') {
    return (leaf) => leaf !== spec;
  }
  if (Array.isArray(spec)) {
    if (spec.length === 0) throw new FilterPatternError('"anything-but" list is empty', { path });
    const allStrings = spec.every((item) => typeof item === 'string');
    const allNumbers = spec.every((item) => typeof item === 'number' && Number.isFinite(item));
    if (!allStrings && !allNumbers) {
      throw new FilterPatternError('"anything-but" list must hold only strings or only numbers', { path });
    }
    const excluded = new Set<JsonLeaf>(spec as JsonLeaf[]);
    return (leaf) => !excluded.has(leaf);
  }
  if (isJsonObject(spec)) {
    const keys = Object.keys(spec);
    const [operator] = keys;
    if (keys.length !== 1 || (operator !== 'prefix' && operator !== 'suffix')) {
      throw new FilterPatternError(
        `"anything-but" takes {"prefix": "..."} or {"suffix": "..."}, got an object with keys ${keys.join(', ') || '(none)'}`,
        { path },
      );
    }
    const affix = spec[operator];
    if (typeof affix !== 'string') {
      throw new FilterPatternError(`"anything-but" ${operator} needs a string, got ${describeJson(affix)}`, {
        path: childPath(path, operator),
      });
    }
    return operator === 'prefix'
      ? (leaf) => typeof leaf === 'string' && !leaf.startsWith(affix)
      : (leaf) => typeof leaf === 'string' && !leaf.endsWith(affix);
  }
  throw new FilterPatternError(
    `"anything-but" takes a string, a number, a list of them, {"prefix": ...} or {"suffix": ...}; got ${describeJson(spec)}`,
    { path },
  );
}
