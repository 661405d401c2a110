import { compileAnythingBut } from './anything-but.js';
import { FilterPatternError } from './errors.js';
import { describeJson, isJsonLeaf, isJsonObject } from './json-shape.js';
import { compileNumeric } from './numeric.js';
import { eventBridgeOnlyOperators, FilterOperator, filterOperators } from './operators.js';
import { childPath } from './path.js';
import type { JsonLeaf } from './types.js';

/** One entry of a field's condition list, compiled. */
export type Condition =
  /** A JSON scalar matched exactly (`"a"`, `1`, `true`, `null`, `""`). */
  | { kind: 'literal'; value: JsonLeaf }
  /** `{"exists": true|false}`: whether the field holds any value. */
  | { kind: 'exists'; present: boolean }
  /** Any other operator: a test on one value of the field. */
  | { kind: 'test'; test: (leaf: JsonLeaf) => boolean };

/** Compiles one element of a field's condition array. */
export function compileCondition(item: unknown, path: string): Condition {
  if (isJsonLeaf(item)) {
    if (typeof item === 'number' && !Number.isFinite(item)) {
      throw new FilterPatternError(`${describeJson(item)} is not a JSON number`, { path });
    }
    return { kind: 'literal', value: item };
  }
  if (!isJsonObject(item)) {
    throw new FilterPatternError(
      `a condition is a JSON string, number, boolean, null or an operator object, got ${describeJson(item)}`,
      { path },
    );
  }
  const keys = Object.keys(item);
  const [operator] = keys;
  if (operator === undefined) throw new FilterPatternError('empty operator object', { path });
  if (keys.length > 1) {
    throw new FilterPatternError(`an operator object holds exactly one operator, got ${keys.join(', ')}`, { path });
  }
  const operand = item[operator];
  const operandPath = childPath(path, operator);
  switch (operator) {
    case FilterOperator.prefix: {
      const prefix = stringOperand(operator, operand, operandPath);
      return { kind: 'test', test: (leaf) => typeof leaf === 'string' && leaf.startsWith(prefix) };
    }
    case FilterOperator.suffix: {
      const suffix = stringOperand(operator, operand, operandPath);
      return { kind: 'test', test: (leaf) => typeof leaf === 'string' && leaf.endsWith(suffix) };
    }
    case FilterOperator.equalsIgnoreCase: {
      const expected = stringOperand(operator, operand, operandPath).toLowerCase();
      return { kind: 'test', test: (leaf) => typeof leaf === 'string' && leaf.toLowerCase() === expected };
    }
    case FilterOperator.anythingBut:
      return { kind: 'test', test: compileAnythingBut(operand, path) };
    case FilterOperator.numeric: {
      const inRange = compileNumeric(operand, path);
      return { kind: 'test', test: (leaf) => typeof leaf === 'number' && inRange(leaf) };
    }
    case FilterOperator.exists:
      if (typeof operand !== 'boolean') {
        throw new FilterPatternError(`"exists" takes true or false, got ${describeJson(operand)}`, {
          path: operandPath,
        });
      }
      return { kind: 'exists', present: operand };
    default:
      throw new FilterPatternError(unknownOperatorProblem(operator), { path });
  }
}

function stringOperand(operator: string, operand: unknown, path: string): string {
  if (typeof operand === 'string') return operand;
  throw new FilterPatternError(`"${operator}" takes a string, got ${describeJson(operand)}`, { path });
}

function unknownOperatorProblem(operator: string): string {
  const supported = `supported: ${filterOperators.join(', ')}`;
  if (eventBridgeOnlyOperators.includes(operator)) {
    return `operator "${operator}" is EventBridge-only; Lambda event filtering does not support it (${supported})`;
  }
  return `unknown operator "${operator}" (${supported})`;
}
