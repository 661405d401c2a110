import { describe, expect, it } from 'vitest';
import { BlueskyRelayConfigError } from '../../../functions/bluesky-relay/errors.js';
import { keywordMatcher } from '../../../functions/bluesky-relay/keywords.js';

describe('keywordMatcher', () => {
  const matcher = keywordMatcher({ '*': ['acme', '#acme'], de: ['kaputt', 'Straße'], fr: ['en panne'] });

  it('matches case-insensitively on word boundaries only', () => {
    // Prepare
    const texts = [
      'ACME is down',
      "Acme's checkout failed",
      'love #Acme!',
      '(acme)',
      'acmeville is lovely',
      'megaacme deal',
      'acme_bot says hi',
      'acme2 launched',
      'façadeacme',
    ];

    // Act
    const matches = texts.map((t) => matcher.match(t, ['en']));

    // Assess
    expect(matches).toEqual(['acme', 'acme', 'acme', 'acme', undefined, undefined, undefined, undefined, undefined]);
  });

  it('applies a language’s keywords to posts in that language (by primary subtag) and to posts with none', () => {
    // Act
    const inGerman = matcher.match('Die App ist KAPUTT', ['de-AT']);
    const inEnglish = matcher.match('Die App ist kaputt', ['en']);
    const undeclared = matcher.match('Die App ist kaputt', []);
    const phrase = matcher.match("L'appli est en panne", ['fr']);
    const folded = matcher.match('Die STRASSE ist gesperrt, straße auch', ['de']);

    // Assess
    expect([inGerman, inEnglish, undeclared, phrase, folded]).toEqual([
      'kaputt',
      undefined,
      'kaputt',
      'en panne',
      'Straße',
    ]);
  });

  it('refuses keyword settings it cannot use, naming the part at fault', () => {
    // Prepare
    const cases: [unknown, RegExp][] = [
      [[], /JSON object/],
      [{}, /JSON object/],
      [{ english: ['acme'] }, /"english" is not a primary language subtag/],
      [{ en: [] }, /keywords.en must be a non-empty array/],
      [{ en: ['  '] }, /non-blank string/],
      [{ en: ['x'.repeat(101)] }, /at most 100/],
    ];

    // Act
    const errors = cases.map(([spec]) => {
      try {
        keywordMatcher(spec);
        return undefined;
      } catch (error) {
        return error;
      }
    });

    // Assess
    errors.forEach((error, i) => {
      expect(error).toBeInstanceOf(BlueskyRelayConfigError);
      expect((error as Error).message).toMatch(cases[i]![1]);
    });
  });
});
