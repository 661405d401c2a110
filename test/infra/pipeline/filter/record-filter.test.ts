import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  compileFilterCriteria,
  type FilterableKafkaRecord,
  FilterPatternError,
  filterCriteriaLimits,
} from '../../../../infra/pipeline/filter/index.js';

/** A Wikimedia recent-change event as the EventStreams feed sends it (trimmed). */
const wikiChange = {
  $schema: '/mediawiki/recentchange/1.0.0',
  meta: {
    uri: 'https://en.wikipedia.org/wiki/Air_quality_index',
    id: '5c1e1c1a-6a3e-4a8b-9d0e-3f1a2b3c4d5e',
    dt: '2024-05-01T12:00:00Z',
    domain: 'en.wikipedia.org',
    stream: 'mediawiki.recentchange',
  },
  id: 1740000001,
  type: 'edit',
  namespace: 0,
  title: 'Air quality index',
  timestamp: 1714564800,
  user: 'Alice',
  bot: false,
  length: { old: 10240, new: 10388 },
  server_name: 'en.wikipedia.org',
  wiki: 'enwiki',
};

function record(value: Buffer | string | object | null, overrides: Partial<FilterableKafkaRecord> = {}) {
  const bytes =
    value === null || Buffer.isBuffer(value)
      ? value
      : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  return {
    topic: 'wiki-changes',
    partition: 0,
    offset: 15,
    timestamp: 1545084650987,
    timestampType: 'CREATE_TIME',
    key: null,
    value: bytes,
    ...overrides,
  } satisfies FilterableKafkaRecord;
}

function criteria(...patterns: object[]) {
  return { Filters: patterns.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) };
}

function compileError(input: Parameters<typeof compileFilterCriteria>[0]): FilterPatternError {
  try {
    compileFilterCriteria(input);
  } catch (err) {
    if (err instanceof FilterPatternError) return err;
    throw err;
  }
  throw new Error('criteria compiled without error');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('compileFilterCriteria', () => {
  it('lets every record through without filters', () => {
    // Prepare
    const inputs = [undefined, {}, { Filters: [] }];
    const records = [record('plain'), record(null), record(Buffer.from([0xff, 0xfe]))];

    // Act
    const verdicts = inputs.map((input) => records.map((r) => compileFilterCriteria(input).matches(r)));

    // Assess
    expect(verdicts).toEqual([
      [true, true, true],
      [true, true, true],
      [true, true, true],
    ]);
  });

  it('filters JSON values on nested fields (the AWS device_ID example)', () => {
    // Prepare
    const filter = compileFilterCriteria({
      Filters: [{ Pattern: '{ "value" : { "device_ID" : [ { "prefix": "AB" } ] } }' }],
    });
    const session = { start_time: '2024-05-01T12:00:00', duration: 162 };

    // Act
    const ab = filter.matches(record({ device_ID: 'AB1234', session }));
    const cd = filter.matches(record({ device_ID: 'CD1234', session }));

    // Assess
    expect([ab, cd]).toEqual([true, false]);
  });

  it('filters plain-string values with conditions on value itself (the AWS "error" example)', () => {
    // Prepare
    const filter = compileFilterCriteria({
      Filters: [{ Pattern: '{ "value" : [ { "anything-but": [ "error" ] } ] }' }],
    });

    // Act
    const info = filter.matches(record('info'));
    const error = filter.matches(record('error'));

    // Assess
    expect([info, error]).toEqual([true, false]);
  });

  it('matches plain strings with exact, prefix, suffix and equals-ignore-case', () => {
    // Prepare
    const filter = compileFilterCriteria(
      criteria(
        { value: ['exact'] },
        { value: [{ prefix: 'WARN ' }] },
        { value: [{ suffix: '!' }] },
        { value: [{ 'equals-ignore-case': 'ok' }] },
      ),
    );

    // Act
    const got = ['exact', 'WARN disk full', 'boom!', 'OK', 'Ok', 'nothing'].map((v) => filter.matches(record(v)));

    // Assess
    expect(got).toEqual([true, true, true, true, true, false]);
  });

  it('matches a nested pattern against a plain-string value only where it asks for absence (leaf rule)', () => {
    // Prepare
    const absent = compileFilterCriteria(criteria({ value: { meta: { domain: [{ exists: false }] } } }));
    const present = compileFilterCriteria(criteria({ value: { meta: { domain: [{ exists: true }] } } }));
    const prefixed = compileFilterCriteria(criteria({ value: { meta: { domain: [{ prefix: '' }] } } }));
    const values = [record('meta.domain=canary'), record('{"meta": '), record({ meta: {} })];

    // Act
    const absentVerdicts = values.map((r) => absent.matches(r));
    const presentVerdicts = values.map((r) => present.matches(r));
    const prefixVerdicts = values.map((r) => prefixed.matches(r));

    // Assess: a string holds no leaf at value.meta.domain, exactly like an object without it.
    expect(absentVerdicts).toEqual([true, true, true]);
    expect(presentVerdicts).toEqual([false, false, false]);
    expect(prefixVerdicts).toEqual([false, false, false]);
  });

  it('matches a condition list on value against a JSON-object value only with exists false (leaf rule)', () => {
    // Prepare
    const notError = compileFilterCriteria(criteria({ value: [{ 'anything-but': ['error'] }] }));
    const anyValue = compileFilterCriteria(criteria({ value: [{ exists: true }] }));
    const noValue = compileFilterCriteria(criteria({ value: [{ exists: false }] }));
    const values = [record({ level: 'info' }), record('  {"level": "info"}\n'), record('info')];

    // Act
    const notErrorVerdicts = values.map((r) => notError.matches(r));
    const anyValueVerdicts = values.map((r) => anyValue.matches(r));
    const noValueVerdicts = values.map((r) => noValue.matches(r));

    // Assess: an object is no leaf, so on AWS "value does not exist" holds for every JSON record.
    expect(notErrorVerdicts).toEqual([false, false, true]);
    expect(anyValueVerdicts).toEqual([false, false, true]);
    expect(noValueVerdicts).toEqual([true, true, false]);
  });

  it('treats JSON scalars and arrays as plain strings', () => {
    // Prepare
    const asText = compileFilterCriteria(criteria({ value: ['42', '"quoted"', '[1,2]'] }));
    const asNumber = compileFilterCriteria(criteria({ value: [{ numeric: ['>', 0] }] }));

    // Act
    const texts = ['42', '"quoted"', '[1,2]'].map((v) => asText.matches(record(v)));
    const number = asNumber.matches(record('42'));

    // Assess
    expect(texts).toEqual([true, true, true]);
    expect(number).toBe(false);
  });

  it('treats tombstones and non-UTF-8 values as an absent value', () => {
    // Prepare
    const absent = compileFilterCriteria(criteria({ value: [{ exists: false }] }));
    const present = compileFilterCriteria(criteria({ value: [{ exists: true }] }));
    const latin1 = Buffer.from('caf\xe9', 'latin1');

    // Act
    const absentVerdicts = [record(null), record(latin1), record(''), record('x')].map((r) => absent.matches(r));
    const presentVerdicts = [record(null), record(latin1), record(''), record('x')].map((r) => present.matches(r));

    // Assess
    expect(absentVerdicts).toEqual([true, true, false, false]);
    expect(presentVerdicts).toEqual([false, false, true, true]);
  });

  it('decodes multi-byte UTF-8 text', () => {
    // Prepare
    const filter = compileFilterCriteria(criteria({ value: { title: [{ prefix: 'Qualité' }] } }));

    // Act
    const matched = filter.matches(record({ title: "Qualité de l'air" }));

    // Assess
    expect(matched).toBe(true);
  });

  it('matches record metadata and the key', () => {
    // Prepare
    const filter = compileFilterCriteria(
      criteria({
        topic: [{ prefix: 'wiki' }],
        partition: [0, 1],
        offset: [{ numeric: ['>=', 10] }],
        timestamp: [{ numeric: ['>', 0] }],
        timestampType: ['CREATE_TIME'],
        key: [{ prefix: 'enwiki:' }],
      }),
    );
    const base = { key: Buffer.from('enwiki:Alice') };

    // Act
    const hit = filter.matches(record('x', base));
    const otherTopic = filter.matches(record('x', { ...base, topic: 'weather' }));
    const otherPartition = filter.matches(record('x', { ...base, partition: 2 }));
    const earlyOffset = filter.matches(record('x', { ...base, offset: 9 }));
    const logAppend = filter.matches(record('x', { ...base, timestampType: 'LOG_APPEND_TIME' }));
    const noKey = filter.matches(record('x', { key: null }));

    // Assess
    expect([hit, otherTopic, otherPartition, earlyOffset, logAppend, noKey]).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('decodes a JSON key by the same rule as the value', () => {
    // Prepare
    const filter = compileFilterCriteria(criteria({ key: { station: ['DE-BE-001'] } }));

    // Act
    const json = filter.matches(record('x', { key: Buffer.from('{"station":"DE-BE-001"}') }));
    const text = filter.matches(record('x', { key: Buffer.from('DE-BE-001') }));

    // Assess
    expect([json, text]).toEqual([true, false]);
  });

  it('ANDs fields within a pattern and ORs the filters', () => {
    // Prepare
    const filter = compileFilterCriteria(
      criteria(
        { topic: ['feedback'], value: { source: ['slack'], score: [{ numeric: ['<', 0.3] }] } },
        { topic: ['feedback'], value: { score: [{ numeric: ['>', 0.9] }] } },
      ),
    );

    // Act
    const negativeSlack = filter.matches(record({ source: 'slack', score: 0.1 }, { topic: 'feedback' }));
    const negativeWeb = filter.matches(record({ source: 'web', score: 0.1 }, { topic: 'feedback' }));
    const positiveWeb = filter.matches(record({ source: 'web', score: 0.95 }, { topic: 'feedback' }));
    const neutral = filter.matches(record({ source: 'slack', score: 0.5 }, { topic: 'feedback' }));
    const otherTopic = filter.matches(record({ source: 'slack', score: 0.1 }, { topic: 'weather' }));

    // Assess
    expect([negativeSlack, negativeWeb, positiveWeb, neutral, otherTopic]).toEqual([true, false, true, false, false]);
  });

  it('drops Wikimedia canary events with anything-but on meta.domain', () => {
    // Prepare
    const filter = compileFilterCriteria({
      Filters: [{ Pattern: '{"value": {"meta": {"domain": [{"anything-but": ["canary"]}]}}}' }],
    });
    const edit = structuredClone(wikiChange);
    const canary = structuredClone(wikiChange);
    canary.meta.domain = 'canary';
    const noMeta: Partial<typeof wikiChange> = structuredClone(wikiChange);
    delete noMeta.meta;

    // Act
    const kept = filter.matches(record(edit));
    const dropped = filter.matches(record(canary));
    const withoutDomain = filter.matches(record(noMeta));
    const notJson = filter.matches(record('event: message\ndata: {"meta": {"domain": "en.wikipedia.org"}}'));

    // Assess
    expect(kept).toBe(true);
    expect(dropped).toBe(false);
    expect(withoutDomain).toBe(false);
    expect(notJson).toBe(false);
  });

  it('parses each record value once, and only when a filter names value', () => {
    // Prepare
    const parse = vi.spyOn(JSON, 'parse');
    const metadataOnly = compileFilterCriteria(criteria({ topic: ['wiki-changes'] }));
    const threeOnValue = compileFilterCriteria(
      criteria(
        { value: { type: ['log'] } },
        { value: { bot: [true] } },
        { value: { meta: { domain: ['en.wikipedia.org'] } } },
      ),
    );
    const textOnly = compileFilterCriteria(criteria({ value: [{ prefix: 'ERROR' }] }));
    parse.mockClear();

    // Act
    metadataOnly.matches(record(structuredClone(wikiChange)));
    const afterMetadataOnly = parse.mock.calls.length;
    const matched = threeOnValue.matches(record(structuredClone(wikiChange)));
    const afterThree = parse.mock.calls.length;
    textOnly.matches(record('ERROR disk full'));
    const afterText = parse.mock.calls.length;

    // Assess
    expect(afterMetadataOnly).toBe(0);
    expect(matched).toBe(true);
    expect(afterThree).toBe(1);
    expect(afterText).toBe(1);
  });

  it('accepts five filters and rejects a sixth', () => {
    // Prepare
    const five = criteria(...Array.from({ length: filterCriteriaLimits.maxFilters }, (_, i) => ({ partition: [i] })));
    const six = criteria(
      ...Array.from({ length: filterCriteriaLimits.maxFilters + 1 }, (_, i) => ({ partition: [i] })),
    );

    // Act
    const filter = compileFilterCriteria(five);
    const err = compileError(six);

    // Assess
    expect(filterCriteriaLimits.maxFilters).toBe(5);
    expect(filter.matches(record('x', { partition: 4 }))).toBe(true);
    expect(filter.matches(record('x', { partition: 5 }))).toBe(false);
    expect(err.message).toBe('FilterCriteria: Filters has 6 filters; Lambda allows at most 5 per event source mapping');
  });

  it('accepts a 4,096-character pattern and rejects a longer one', () => {
    // Prepare
    const pad = (length: number) => {
      const shell = '{"value":[""]}';
      return `{"value":["${'x'.repeat(length - shell.length)}"]}`;
    };
    const longest = pad(filterCriteriaLimits.maxPatternLength);
    const tooLong = pad(filterCriteriaLimits.maxPatternLength + 1);

    // Act
    const filter = compileFilterCriteria({ Filters: [{ Pattern: longest }] });
    const err = compileError({ Filters: [{ Pattern: '{"value":["a"]}' }, { Pattern: tooLong }] });

    // Assess
    expect(longest).toHaveLength(4096);
    expect(filter.matches(record('x'.repeat(4096 - 14)))).toBe(true);
    expect(err.filterIndex).toBe(1);
    expect(err.message).toBe('Filters[1].Pattern: is 4097 characters long; Lambda allows at most 4096');
  });

  it('names the filter and the path of an invalid pattern', () => {
    // Prepare
    const input = criteria(
      { value: ['ok'] },
      { topic: ['wiki-changes'] },
      { value: { meta: { domain: [{ 'anything-but': ['canary'] }, { numeric: ['>', 1, '~', 2] }] } } },
    );

    // Act
    const err = compileError(input);

    // Assess
    expect(err.filterIndex).toBe(2);
    expect(err.path).toBe('value.meta.domain[1].numeric[2]');
    expect(err.message).toBe(
      'Filters[2].Pattern at value.meta.domain[1].numeric[2]: unknown numeric operator "~"; expected one of =, <, <=, >, >=',
    );
  });

  it('rejects bad JSON, naming the filter', () => {
    // Prepare
    const input = { Filters: [{ Pattern: '{"value": {"meta": ' }] };

    // Act
    const err = compileError(input);

    // Assess
    expect(err.message).toMatch(/^Filters\[0\]\.Pattern: not valid JSON \(/);
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects top-level fields a Kafka record does not have', () => {
    // Prepare
    const input = criteria({ data: { City: ['Seattle'] } });

    // Act
    const err = compileError(input);

    // Assess
    expect(err.message).toBe(
      'Filters[0].Pattern at data: "data" is not a field of a Kafka record; a pattern names topic, partition, offset, timestamp, timestampType, key, value',
    );
  });

  it.each([
    ['criteria that are not an object', 'nope', 'FilterCriteria: must be an object, got the string "nope"'],
    ['Filters that are not an array', { Filters: {} }, 'FilterCriteria: Filters must be an array, got an object'],
    [
      'a filter without a Pattern',
      { Filters: [{ pattern: '{}' }] },
      'Filters[0].Pattern: each filter is {"Pattern": "<JSON text>"}, got an object',
    ],
    [
      'an empty Pattern',
      { Filters: [{ Pattern: '' }] },
      'Filters[0].Pattern: not valid JSON (Unexpected end of JSON input)',
    ],
  ])('rejects %s', (_name, input, message) => {
    // Prepare
    const criteriaInput = input as unknown as Parameters<typeof compileFilterCriteria>[0];

    // Act
    const err = compileError(criteriaInput);

    // Assess
    expect(err.message).toBe(message);
  });
});
