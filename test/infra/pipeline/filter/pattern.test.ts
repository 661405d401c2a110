import { describe, expect, it } from 'vitest';
import { compilePattern } from '../../../../infra/pipeline/filter/index.js';

describe('compilePattern', () => {
  it('matches exact strings, numbers, booleans, null and the empty string', () => {
    // Prepare
    const matches = compilePattern({ s: ['Alice'], n: [100], b: [true], z: [null], e: [''] });
    const match = { s: 'Alice', n: 100, b: true, z: null, e: '' };
    const docs = [
      match,
      { ...match, s: 'alice' },
      { ...match, n: '100' },
      { ...match, b: 'true' },
      { s: 'Alice', n: 100, b: true, e: '' },
      { ...match, z: 'null' },
      { ...match, e: null },
      { ...match, other: 1 },
    ];

    // Act
    const got = docs.map((doc) => matches(doc));

    // Assess
    expect(got).toEqual([true, false, false, false, false, false, false, true]);
  });

  it('ORs the conditions of one field and ANDs the fields', () => {
    // Prepare
    const matches = compilePattern({ PaymentType: ['Credit', 'Debit'], Location: ['New York'] });

    // Act
    const credit = matches({ PaymentType: 'Credit', Location: 'New York' });
    const debit = matches({ PaymentType: 'Debit', Location: 'New York' });
    const cash = matches({ PaymentType: 'Cash', Location: 'New York' });
    const elsewhere = matches({ PaymentType: 'Credit', Location: 'Boston' });
    const missingField = matches({ PaymentType: 'Credit' });

    // Assess
    expect([credit, debit, cash, elsewhere, missingField]).toEqual([true, true, false, false, false]);
  });

  it('mixes operator objects and literals in one condition list', () => {
    // Prepare
    const matches = compilePattern({ region: ['eu-west-1', { prefix: 'us-' }, { numeric: ['=', 7] }] });

    // Act
    const got = ['eu-west-1', 'us-east-2', 7, 'ap-south-1', 8].map((region) => matches({ region }));

    // Assess
    expect(got).toEqual([true, true, true, false, false]);
  });

  it('matches prefixes of strings only', () => {
    // Prepare
    const matches = compilePattern({ time: [{ prefix: '2017-10-02' }] });

    // Act
    const got = ['2017-10-02T18:43:48Z', '2017-10-03T00:00:00Z', '2017-10-0', 20171002, null].map((time) =>
      matches({ time }),
    );

    // Assess
    expect(got).toEqual([true, false, false, false, false]);
  });

  it('matches suffixes of strings only', () => {
    // Prepare
    const matches = compilePattern({ FileName: [{ suffix: '.png' }] });

    // Act
    const got = ['cat.png', 'cat.PNG', 'cat.png.txt', 'png', 1].map((FileName) => matches({ FileName }));

    // Assess
    expect(got).toEqual([true, false, false, false, false]);
  });

  it('matches equals-ignore-case on strings only', () => {
    // Prepare
    const matches = compilePattern({ Name: [{ 'equals-ignore-case': 'alice' }] });

    // Act
    const got = ['Alice', 'ALICE', 'alice', 'Alicia', true].map((Name) => matches({ Name }));

    // Assess
    expect(got).toEqual([true, true, true, false, false]);
  });

  it('matches anything-but a single string or number', () => {
    // Prepare
    const notInitializing = compilePattern({ state: [{ 'anything-but': 'initializing' }] });
    const not123 = compilePattern({ limit: [{ 'anything-but': 123 }] });

    // Act
    const states = ['running', 'initializing', 'INITIALIZING'].map((state) => notInitializing({ state }));
    const limits = [100, 123, '123'].map((limit) => not123({ limit }));

    // Assess
    expect(states).toEqual([true, false, true]);
    expect(limits).toEqual([true, false, true]);
  });

  it('matches anything-but a list, and never a missing field', () => {
    // Prepare
    const matches = compilePattern({ state: [{ 'anything-but': ['stopped', 'overloaded'] }] });

    // Act
    const running = matches({ state: 'running' });
    const stopped = matches({ state: 'stopped' });
    const overloaded = matches({ state: 'overloaded' });
    const numeric = matches({ state: 5 });
    const nullState = matches({ state: null });
    const missing = matches({});

    // Assess
    expect([running, stopped, overloaded, numeric, nullState, missing]).toEqual([
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
  });

  it('matches anything-but a list of numbers', () => {
    // Prepare
    const matches = compilePattern({ code: [{ 'anything-but': [100, 200, 300] }] });

    // Act
    const got = [150, 200, 300, 301].map((code) => matches({ code }));

    // Assess
    expect(got).toEqual([true, false, false, true]);
  });

  it('matches anything-but a prefix or suffix, on strings only', () => {
    // Prepare
    const notInit = compilePattern({ state: [{ 'anything-but': { prefix: 'init' } }] });
    const notPng = compilePattern({ file: [{ 'anything-but': { suffix: '.png' } }] });

    // Act
    const states = ['running', 'initializing', 'init', 42].map((state) => notInit({ state }));
    const files = ['a.jpg', 'a.png', 7].map((file) => notPng({ file }));

    // Assess
    expect(states).toEqual([true, false, false, false]);
    expect(files).toEqual([true, false, false]);
  });

  it('matches numeric comparisons and ranges on JSON numbers only', () => {
    // Prepare
    const range = compilePattern({ price: [{ numeric: ['>', 0, '<=', 5] }] });
    const equals = compilePattern({ price: [{ numeric: ['=', 100] }] });
    const atLeast = compilePattern({ price: [{ numeric: ['>=', 10] }] });
    const below = compilePattern({ price: [{ numeric: ['<', 10] }] });
    const reversed = compilePattern({ price: [{ numeric: ['<', 5, '>=', 1] }] });

    // Act
    const ranged = [0, 0.001, 3, 5, 5.0001, -1, '3'].map((price) => range({ price }));
    const equal = [100, 100.0, 99.999, '100'].map((price) => equals({ price }));
    const greater = [9.99, 10, 11].map((price) => atLeast({ price }));
    const smaller = [9.99, 10, -1e9].map((price) => below({ price }));
    const either = [0.5, 1, 4.9, 5].map((price) => reversed({ price }));

    // Assess
    expect(ranged).toEqual([false, true, true, true, false, false, false]);
    expect(equal).toEqual([true, true, false, false]);
    expect(greater).toEqual([false, true, true]);
    expect(smaller).toEqual([true, false, true]);
    expect(either).toEqual([false, true, true, false]);
  });

  it('matches exists true on any scalar, null included, and exists false on absence', () => {
    // Prepare
    const exists = compilePattern({ email: [{ exists: true }] });
    const missing = compilePattern({ email: [{ exists: false }] });
    const docs = [{ email: 'a@b.c' }, { email: '' }, { email: null }, { phone: '555' }, { email: [] }, { email: {} }];

    // Act
    const present = docs.map((doc) => exists(doc));
    const absent = docs.map((doc) => missing(doc));

    // Assess
    expect(present).toEqual([true, true, true, false, false, false]);
    expect(absent).toEqual([false, false, false, true, true, true]);
  });

  it('matches nested fields at any depth', () => {
    // Prepare
    const matches = compilePattern({ dynamodb: { Keys: { Id: { N: ['101'] } } } });

    // Act
    const hit = matches({ dynamodb: { Keys: { Id: { N: '101' } }, SizeBytes: 26 } });
    const miss = matches({ dynamodb: { Keys: { Id: { N: '102' } } } });
    const flat = matches({ dynamodb: 'Keys' });
    const missing = matches({});

    // Assess
    expect([hit, miss, flat, missing]).toEqual([true, false, false, false]);
  });

  it('treats nested exists false as satisfied when a parent is missing', () => {
    // Prepare
    const matches = compilePattern({ customer: { email: [{ exists: false }] } });

    // Act
    const noCustomer = matches({});
    const noEmail = matches({ customer: { phone: '555' } });
    const withEmail = matches({ customer: { email: 'x@y.z' } });

    // Assess
    expect([noCustomer, noEmail, withEmail]).toEqual([true, true, false]);
  });

  it('matches an array field when any element matches', () => {
    // Prepare
    const exact = compilePattern({ resources: ['arn:b', 'arn:x'] });
    const prefix = compilePattern({ tags: [{ prefix: 'env:' }] });
    const butCanary = compilePattern({ domains: [{ 'anything-but': ['canary'] }] });

    // Act
    const intersecting = exact({ resources: ['arn:a', 'arn:b'] });
    const disjoint = exact({ resources: ['arn:a', 'arn:c'] });
    const nestedArray = exact({ resources: [['arn:x']] });
    const empty = exact({ resources: [] });
    const tagged = prefix({ tags: ['team:ml', 'env:prod'] });
    const mixed = butCanary({ domains: ['canary', 'en.wikipedia.org'] });
    const onlyCanary = butCanary({ domains: ['canary'] });

    // Assess
    expect([intersecting, disjoint, nestedArray, empty]).toEqual([true, false, true, false]);
    expect(tagged).toBe(true);
    expect([mixed, onlyCanary]).toEqual([true, false]);
  });

  it('matches a nested pattern against arrays of objects one element at a time', () => {
    // Prepare
    const matches = compilePattern({ items: { sku: ['A'], qty: [{ numeric: ['>', 1] }] } });

    // Act
    const sameElement = matches({
      items: [
        { sku: 'B', qty: 5 },
        { sku: 'A', qty: 2 },
      ],
    });
    const splitAcrossElements = matches({
      items: [
        { sku: 'A', qty: 1 },
        { sku: 'B', qty: 5 },
      ],
    });
    const noObjects = matches({ items: ['A'] });

    // Assess
    expect([sameElement, splitAcrossElements, noObjects]).toEqual([true, false, false]);
  });

  it('accepts the pattern as JSON text', () => {
    // Prepare
    const matches = compilePattern('{ "a": [1, 2] }');

    // Act
    const got = [1, 2, 3].map((a) => matches({ a }));

    // Assess
    expect(got).toEqual([true, true, false]);
  });

  it('does not match documents that are not objects, nor inherited properties', () => {
    // Prepare
    const matches = compilePattern({ constructor: [{ exists: true }] });
    const anything = compilePattern({ a: [{ exists: false }] });

    // Act
    const inherited = matches({});
    const own = matches(JSON.parse('{"constructor": "x"}'));
    const onString = anything('text');
    const onNull = anything(null);

    // Assess
    expect([inherited, own, onString, onNull]).toEqual([false, true, true, true]);
  });
});
