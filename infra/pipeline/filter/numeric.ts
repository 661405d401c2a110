import { FilterPatternError } from './errors.js';
import { describeJson } from './json-shape.js';
import { childPath, indexPath } from './path.js';

/**
 * `{"numeric": [op, n]}` and `{"numeric": [lowerOp, n, upperOp, m]}`.
 * Operators: `=`, `<`, `<=`, `>`, `>=`; a two-sided range has one lower (`>`, `>=`)
 * and one upper (`<`, `<=`) bound and never `=`. Only JSON numbers in the data
 * match: a numeric string such as "5" does not (EventBridge: "Numeric matching
 * works with values that are JSON numbers").
 */
const comparators = {
  '=': (value: number, bound: number) => value === bound,
  '<': (value: number, bound: number) => value < bound,
  '<=': (value: number, bound: number) => value <= bound,
  '>': (value: number, bound: number) => value > bound,
  '>=': (value: number, bound: number) => value >= bound,
} as const;
type NumericOperator = keyof typeof comparators;

const lowerBounds: readonly string[] = ['>', '>='];
const upperBounds: readonly string[] = ['<', '<='];

interface Bound {
  op: NumericOperator;
  value: number;
}

/** Compiles the operand array of a `numeric` condition into a test on numbers. */
export function compileNumeric(operands: unknown, conditionPath: string): (value: number) => boolean {
  const path = childPath(conditionPath, 'numeric');
  if (!Array.isArray(operands)) {
    throw new FilterPatternError(`"numeric" takes an array such as [">", 0, "<=", 5], got ${describeJson(operands)}`, {
      path,
    });
  }
  if (operands.length !== 2 && operands.length !== 4) {
    throw new FilterPatternError(
      `"numeric" takes one comparison [op, n] or a range [lowerOp, n, upperOp, m], got ${operands.length} elements`,
      { path },
    );
  }
  const bounds: Bound[] = [];
  for (let i = 0; i < operands.length; i += 2) {
    const op = operands[i];
    const value = operands[i + 1];
    if (typeof op !== 'string' || !Object.hasOwn(comparators, op)) {
      throw new FilterPatternError(
        `unknown numeric operator ${typeof op === 'string' ? JSON.stringify(op) : describeJson(op)}; expected one of ${Object.keys(comparators).join(', ')}`,
        { path: indexPath(path, i) },
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new FilterPatternError(`numeric operator "${op}" needs a number, got ${describeJson(value)}`, {
        path: indexPath(path, i + 1),
      });
    }
    bounds.push({ op: op as NumericOperator, value });
  }
  const [first, second] = bounds as [Bound, Bound | undefined];
  if (second === undefined) {
    const compare = comparators[first.op];
    const bound = first.value;
    return (value) => compare(value, bound);
  }
  const lower = lowerBounds.includes(first.op) ? first : second;
  const upper = lower === first ? second : first;
  if (!lowerBounds.includes(lower.op) || !upperBounds.includes(upper.op)) {
    throw new FilterPatternError(
      `a numeric range needs one lower bound (>, >=) and one upper bound (<, <=), got "${first.op}" and "${second.op}"`,
      { path },
    );
  }
  if (lower.value > upper.value) {
    throw new FilterPatternError(`numeric range is empty: lower bound ${lower.value} > upper bound ${upper.value}`, {
      path,
    });
  }
  const aboveLower = comparators[lower.op];
  const belowUpper = comparators[upper.op];
  const low = lower.value;
  const high = upper.value;
  return (value) => aboveLower(value, low) && belowUpper(value, high);
}
