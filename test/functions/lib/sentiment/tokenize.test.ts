import { describe, expect, it } from 'vitest';
import { NEGATION_PREFIX, tokenize } from '../../../../functions/lib/sentiment/index.js';

describe('tokenize', () => {
  it('lowercases and splits into words, clause punctuation, emoticons and emoji', () => {
    // Act
    const tokens = tokenize('Great APP!!! Love it :D 👍🏽 <3');

    // Assess
    expect(tokens).toEqual(['great', 'app', '!', 'love', 'it', ':d', '👍', '<3']);
  });

  it('keeps Unicode words whole, folds curly apostrophes and drops URLs', () => {
    // Act
    const tokens = tokenize('Café naïve Über 日本語 — don’t see https://example.com/x?y=1 well-being 5-star');

    // Assess
    expect(tokens).toEqual(['café', 'naïve', 'über', '日本語', "don't", 'NEG_see', 'NEG_well-being', 'NEG_5-star']);
  });

  it('marks every word after a negator up to the next clause boundary', () => {
    // Act
    const tokens = tokenize("The app isn't fast or stable, but support is good. Never again! no bugs?");

    // Assess
    expect(tokens).toEqual([
      'the',
      'app',
      "isn't",
      `${NEGATION_PREFIX}fast`,
      `${NEGATION_PREFIX}or`,
      `${NEGATION_PREFIX}stable`,
      ',',
      'but',
      'support',
      'is',
      'good',
      '.',
      'never',
      `${NEGATION_PREFIX}again`,
      '!',
      'no',
      `${NEGATION_PREFIX}bugs`,
      '?',
    ]);
  });

  it('opens a scope with negators written without an apostrophe, and ends it at "but"', () => {
    // Act
    const tokens = tokenize('dont like it but cant complain');

    // Assess
    expect(tokens).toEqual(['dont', 'NEG_like', 'NEG_it', 'but', 'cant', 'NEG_complain']);
  });

  it('never negates emoji or emoticons: they keep their own sign', () => {
    // Act
    const tokens = tokenize('not happy 😡 :(');

    // Assess
    expect(tokens).toEqual(['not', 'NEG_happy', '😡', ':(']);
  });

  it('returns nothing for empty or punctuation-free noise', () => {
    // Assess
    expect(tokenize('')).toEqual([]);
    expect(tokenize('   \n\t ')).toEqual([]);
  });
});
