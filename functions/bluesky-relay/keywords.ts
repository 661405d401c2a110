/**
 * Which posts are feedback: keywords per post language, matched case-insensitively on word
 * boundaries. Pure.
 *
 * - Keys are BCP 47 primary language subtags (`en`, `de`), compared with each of the post's
 *   `langs` by primary subtag (`en-US` → `en`), plus `*` for keywords of every language.
 * - A post that declares no language is checked against every keyword: the app leaves `langs`
 *   empty often enough that skipping those posts would miss feedback.
 * - A keyword matches where it is neither preceded nor followed by a letter, digit, mark or
 *   `_` (Unicode-aware, so `acme` is found in "Acme's app" and "#acme", not in "acmeville"
 *   or "façadeacme"), ignoring case under Unicode case folding.
 */

import { BlueskyRelayConfigError } from './errors.js';

/** Longest keyword, in characters. */
export const MAX_KEYWORD_CHARS = 100;

/** Keywords per language, compiled. */
export interface KeywordMatcher {
  /** The first keyword the text contains for one of the languages, or undefined. */
  match(text: string, langs: readonly string[]): string | undefined;
}

/** Compiles `{ "<lang>" | "*": [keyword…] }`; throws `BlueskyRelayConfigError` on anything else. */
export function keywordMatcher(spec: unknown): KeywordMatcher {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec) || Object.keys(spec).length === 0) {
    throw new BlueskyRelayConfigError('keywords must be a JSON object of language → array of keywords');
  }
  const byLang = new Map<string, { keyword: string; pattern: RegExp }[]>();
  for (const [lang, words] of Object.entries(spec)) {
    if (lang !== '*' && !/^[a-z]{2,3}$/.test(lang)) {
      throw new BlueskyRelayConfigError(`keywords: "${lang}" is not a primary language subtag (en, de…) or "*"`);
    }
    if (!Array.isArray(words) || words.length === 0) {
      throw new BlueskyRelayConfigError(`keywords.${lang} must be a non-empty array`);
    }
    byLang.set(
      lang,
      words.map((word) => {
        if (typeof word !== 'string' || word.trim() === '' || word.length > MAX_KEYWORD_CHARS) {
          throw new BlueskyRelayConfigError(
            `keywords.${lang}: each keyword is a non-blank string of at most ${MAX_KEYWORD_CHARS} characters`,
          );
        }
        const keyword = word.trim().normalize('NFC');
        const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return { keyword, pattern: new RegExp(`(?<![\\p{L}\\p{N}\\p{M}_])${escaped}(?![\\p{L}\\p{N}\\p{M}_])`, 'iu') };
      }),
    );
  }
  const all = [...byLang.values()].flat();
  const every = byLang.get('*') ?? [];
  return {
    match(text, langs) {
      const primaries = langs.map((l) => l.toLowerCase().split('-')[0] ?? '');
      const candidates = primaries.length === 0 ? all : [...every, ...primaries.flatMap((l) => byLang.get(l) ?? [])];
      const normalized = text.normalize('NFC');
      return candidates.find((c) => c.pattern.test(normalized))?.keyword;
    },
  };
}
