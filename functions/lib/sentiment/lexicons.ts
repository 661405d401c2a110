import emojiValences from 'sentiment/build/emoji.json' with { type: 'json' };
import english from 'sentiment/languages/en/index.js';
import * as vaderModule from 'vader-sentiment/src/vader_lexicon.js';

// The file is ESM syntax in a package without "type": "module": Node 20 under tsx exposes the
// named export, Node 22 only a default object holding it. Bundled (Lambda), both work.
const vaderLexicon: Record<string, number> =
  (vaderModule as { lexicon?: Record<string, number> }).lexicon ??
  (vaderModule as unknown as { default: { lexicon: Record<string, number> } }).default.lexicon;

/**
 * The two sentiment lexicons the features read, as the pinned npm packages ship them:
 * AFINN-165 (integer valence -5…+5, from `sentiment`, with the emoji valences that package
 * merges into it, from the Emoji Sentiment Ranking) and VADER (mean valence -4…+4, from
 * `vader-sentiment`). Keys are lowercased, because tokens are; multi-word entries are left
 * out, because features look up one token at a time (the hashed bigrams cover phrases).
 * A change of either lexicon changes the features, so it needs a new FEATURE_VERSION.
 */
function singleTokenMap(...sources: Record<string, number>[]): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if (/\s/u.test(key)) continue;
      const lower = key.toLowerCase();
      // An exact lowercase entry wins over one that only lowercases to it (VADER has both ':d' and ':D').
      if (lower !== key && map.has(lower)) continue;
      map.set(lower, value);
    }
  }
  return map;
}

/** AFINN-165 plus emoji valences, -5…+5. */
export const AFINN: ReadonlyMap<string, number> = singleTokenMap(english.labels, emojiValences);

/** VADER valences, -4…+4. */
export const VADER: ReadonlyMap<string, number> = singleTokenMap(vaderLexicon);
