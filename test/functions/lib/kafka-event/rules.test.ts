import { expect, it, describe as suite } from 'vitest';
import { describe, isStrictBase64 } from '../../../../functions/lib/kafka-event/rules.js';

suite('isStrictBase64', () => {
  it('accepts what Buffer writes for every length and byte', () => {
    // Prepare
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const encoded = Array.from({ length: 40 }, (_, n) => all.subarray(n * 5, n * 5 + (n % 7)).toString('base64'));

    // Act
    const verdicts = encoded.map(isStrictBase64);

    // Assess
    expect(verdicts.every(Boolean)).toBe(true);
    expect(isStrictBase64(all.toString('base64'))).toBe(true);
    expect(isStrictBase64('')).toBe(true);
  });

  it.each([
    ['missing padding', 'YWI'],
    ['padding in the middle', 'YQ==YWJj'],
    ['three padding characters', 'Y==='],
    ['the URL-safe alphabet', 'a-_b'],
    ['whitespace', 'YWJj\nZGVm'],
    ['non-zero bits left over by "=="', 'YR=='],
    ['non-zero bits left over by "="', 'YWJ='],
    ['a data URL', 'data:;base64,YWJj'],
  ])('rejects %s', (_name, text) => {
    // Prepare
    const input = text;

    // Act
    const verdict = isStrictBase64(input);

    // Assess
    expect(verdict).toBe(false);
  });
});

suite('describe', () => {
  it('shortens long strings so an error message stays readable', () => {
    // Prepare
    const long = 'x'.repeat(5000);

    // Act
    const shown = describe(long);

    // Assess
    expect(shown).toBe(`"${'x'.repeat(100)}…"`);
  });
});
