import { describe, expect, it } from 'vitest';
import { compilePattern, FilterError, FilterPatternError } from '../../../../infra/pipeline/filter/index.js';

function compileError(pattern: object | string): FilterPatternError {
  try {
    compilePattern(pattern);
  } catch (err) {
    if (err instanceof FilterPatternError) return err;
    throw err;
  }
  throw new Error('pattern compiled without error');
}

describe('compilePattern rejects invalid patterns', () => {
  it('names bad JSON and keeps the parser error as cause', () => {
    // Prepare
    const text = '{ "value": [ "a" }';

    // Act
    const err = compileError(text);

    // Assess
    expect(err).toBeInstanceOf(FilterError);
    expect(err.name).toBe('FilterPatternError');
    expect(err.message).toMatch(/^filter pattern: not valid JSON \(/);
    expect(err.cause).toBeInstanceOf(SyntaxError);
    expect(err.path).toBe('');
  });

  it.each([
    ['an array', '[1]', 'filter pattern: must be a JSON object, got an array'],
    ['null', 'null', 'filter pattern: must be a JSON object, got null'],
    ['a string', '"value"', 'filter pattern: must be a JSON object, got the string "value"'],
    ['empty', '{}', 'filter pattern: empty pattern object names no field to match'],
  ])('rejects a pattern that is %s', (_name, text, message) => {
    // Prepare
    const pattern = text;

    // Act
    const err = compileError(pattern);

    // Assess
    expect(err.message).toBe(message);
  });

  it.each([
    [
      'a bare string leaf',
      { value: { meta: { domain: 'canary' } } },
      'value.meta.domain',
      'filter pattern at value.meta.domain: must be an array of conditions or a nested pattern object, got the string "canary"; write ["canary"] for an exact match',
    ],
    [
      'a bare number leaf',
      { a: 5 },
      'a',
      'filter pattern at a: must be an array of conditions or a nested pattern object, got number 5; write [5] for an exact match',
    ],
    [
      'an empty condition list',
      { a: [] },
      'a',
      'filter pattern at a: condition list is empty; write [null] to match a null value',
    ],
    [
      'an empty nested object',
      { a: { b: {} } },
      'a.b',
      'filter pattern at a.b: empty pattern object names no field to match',
    ],
    [
      'a nested array condition',
      { a: [['x']] },
      'a[0]',
      'filter pattern at a[0]: a condition is a JSON string, number, boolean, null or an operator object, got an array',
    ],
    ['an empty operator object', { a: [{}] }, 'a[0]', 'filter pattern at a[0]: empty operator object'],
    [
      'two operators in one object',
      { a: [{ prefix: 'x', suffix: 'y' }] },
      'a[0]',
      'filter pattern at a[0]: an operator object holds exactly one operator, got prefix, suffix',
    ],
    [
      'an unknown operator',
      { value: { meta: { domain: ['en', { contains: 'wiki' }] } } },
      'value.meta.domain[1]',
      'filter pattern at value.meta.domain[1]: unknown operator "contains" (supported: prefix, suffix, equals-ignore-case, anything-but, numeric, exists)',
    ],
    [
      'wildcard, which is EventBridge-only',
      { file: [{ wildcard: '*.png' }] },
      'file[0]',
      'filter pattern at file[0]: operator "wildcard" is EventBridge-only; Lambda event filtering does not support it (supported: prefix, suffix, equals-ignore-case, anything-but, numeric, exists)',
    ],
    [
      '$or, which is EventBridge-only',
      { $or: [{ a: ['x'] }, { b: ['y'] }] },
      '$or',
      'filter pattern at $or: "$or" is EventBridge-only; Lambda event filtering does not support it',
    ],
    [
      'a prefix that is not a string',
      { a: [{ prefix: { 'equals-ignore-case': 'x' } }] },
      'a[0].prefix',
      'filter pattern at a[0].prefix: "prefix" takes a string, got an object',
    ],
    [
      'a suffix number',
      { a: [{ suffix: 1 }] },
      'a[0].suffix',
      'filter pattern at a[0].suffix: "suffix" takes a string, got number 1',
    ],
    [
      'equals-ignore-case on a list',
      { a: [{ 'equals-ignore-case': ['x'] }] },
      'a[0].equals-ignore-case',
      'filter pattern at a[0].equals-ignore-case: "equals-ignore-case" takes a string, got an array',
    ],
    [
      'exists with a string',
      { a: [{ exists: 'true' }] },
      'a[0].exists',
      'filter pattern at a[0].exists: "exists" takes true or false, got the string "true"',
    ],
    [
      'numeric with an unknown operator',
      { a: [{ numeric: ['>', 0, '!=', 5] }] },
      'a[0].numeric[2]',
      'filter pattern at a[0].numeric[2]: unknown numeric operator "!="; expected one of =, <, <=, >, >=',
    ],
    [
      'numeric with a string bound',
      { a: [{ numeric: ['>', '0'] }] },
      'a[0].numeric[1]',
      'filter pattern at a[0].numeric[1]: numeric operator ">" needs a number, got the string "0"',
    ],
    [
      'numeric with an odd operand count',
      { a: [{ numeric: ['>', 0, '<'] }] },
      'a[0].numeric',
      'filter pattern at a[0].numeric: "numeric" takes one comparison [op, n] or a range [lowerOp, n, upperOp, m], got 3 elements',
    ],
    [
      'numeric that is not an array',
      { a: [{ numeric: 5 }] },
      'a[0].numeric',
      'filter pattern at a[0].numeric: "numeric" takes an array such as [">", 0, "<=", 5], got number 5',
    ],
    [
      'numeric with two lower bounds',
      { a: [{ numeric: ['>', 0, '>=', 5] }] },
      'a[0].numeric',
      'filter pattern at a[0].numeric: a numeric range needs one lower bound (>, >=) and one upper bound (<, <=), got ">" and ">="',
    ],
    [
      'numeric with = in a range',
      { a: [{ numeric: ['=', 0, '<', 5] }] },
      'a[0].numeric',
      'filter pattern at a[0].numeric: a numeric range needs one lower bound (>, >=) and one upper bound (<, <=), got "=" and "<"',
    ],
    [
      'numeric with an empty range',
      { a: [{ numeric: ['>', 10, '<', 5] }] },
      'a[0].numeric',
      'filter pattern at a[0].numeric: numeric range is empty: lower bound 10 > upper bound 5',
    ],
    [
      'anything-but with an empty list',
      { a: [{ 'anything-but': [] }] },
      'a[0].anything-but',
      'filter pattern at a[0].anything-but: "anything-but" list is empty',
    ],
    [
      'anything-but mixing strings and numbers',
      { a: [{ 'anything-but': ['x', 1] }] },
      'a[0].anything-but',
      'filter pattern at a[0].anything-but: "anything-but" list must hold only strings or only numbers',
    ],
    [
      'anything-but with an unsupported nested operator',
      { a: [{ 'anything-but': { 'equals-ignore-case': 'x' } }] },
      'a[0].anything-but',
      'filter pattern at a[0].anything-but: "anything-but" takes {"prefix": "..."} or {"suffix": "..."}, got an object with keys equals-ignore-case',
    ],
    [
      'anything-but prefix that is not a string',
      { a: [{ 'anything-but': { prefix: 1 } }] },
      'a[0].anything-but.prefix',
      'filter pattern at a[0].anything-but.prefix: "anything-but" prefix needs a string, got number 1',
    ],
    [
      'anything-but a boolean',
      { a: [{ 'anything-but': true }] },
      'a[0].anything-but',
      'filter pattern at a[0].anything-but: "anything-but" takes a string, a number, a list of them, {"prefix": ...} or {"suffix": ...}; got boolean true',
    ],
    [
      'a key that needs quoting in the path',
      { 'detail type': { x: 1 } },
      '["detail type"].x',
      'filter pattern at ["detail type"].x: must be an array of conditions or a nested pattern object, got number 1; write [1] for an exact match',
    ],
  ])('rejects %s, naming the path', (_name, pattern, path, message) => {
    // Prepare
    const input: object = pattern;

    // Act
    const err = compileError(input);

    // Assess
    expect(err.path).toBe(path);
    expect(err.message).toBe(message);
    expect(err.filterIndex).toBeUndefined();
  });

  it('rejects values that are not JSON in an object pattern', () => {
    // Prepare
    const patterns = [{ a: [undefined] }, { a: [Number.NaN] }, { a: [Buffer.from('x')] }, { a: { b: new Date(0) } }];

    // Act
    const messages = patterns.map((pattern) => compileError(pattern).message);

    // Assess
    expect(messages).toEqual([
      'filter pattern at a[0]: a condition is a JSON string, number, boolean, null or an operator object, got undefined',
      'filter pattern at a[0]: number NaN is not a JSON number',
      'filter pattern at a[0]: a condition is a JSON string, number, boolean, null or an operator object, got an object',
      'filter pattern at a.b: must be an array of conditions or a nested pattern object, got an object',
    ]);
  });
});
