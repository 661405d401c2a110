import { FeatureBuilder, type FeatureRows, type SparseFeatures } from './feature-builder.js';
import { addAsciiFeatures, isPlainAscii } from './features-ascii.js';
import { addUnicodeFeatures } from './features-unicode.js';
import { fnv1a32 } from './hash.js';
import { NEGATION_PREFIX, tokenize } from './tokenize.js';
import { vocabularyEntry } from './vocabulary.js';

export {
  FEATURE_COUNT,
  FeatureRows,
  HASH_BITS,
  HASH_BUCKETS,
  LEXICON_FEATURE_NAMES,
  LEXICON_FEATURES,
  type SparseFeatures,
} from './feature-builder.js';

/**
 * Names everything that decides a feature vector: the tokenizer, the hashing, the lexicons and
 * the layout. A model records the version it was trained with, and a scorer refuses a model
 * whose version it does not know, so any change to them needs a new version string.
 */
export const FEATURE_VERSION = 'tandem-sentiment-features/1';

const builder = new FeatureBuilder();

/** The definition of the features, token by token (featurize takes a faster route to the same result: features-ascii.ts, features-unicode.ts). */
function addTokenFeatures(tokens: readonly string[], out: FeatureBuilder): void {
  let previous = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const hash = fnv1a32(token);
    out.ngram(hash);
    // The bigram "previous token" + " " + token, continuing the previous token's hash.
    if (i > 0) out.ngram(fnv1a32(token, Math.imul(previous ^ 0x20, 0x01000193)));
    previous = hash;
    const negated = token.startsWith(NEGATION_PREFIX);
    const word = negated ? token.slice(NEGATION_PREFIX.length) : token;
    const entry = vocabularyEntry(negated ? fnv1a32(word) : hash, word);
    if (entry) out.lexicon(entry, negated);
  }
}

/**
 * Turns one text into its feature vector. Pure and deterministic; training and scoring call
 * exactly this function.
 *
 * - Tokens: `tokenize` (NFKC, lowercase; words, emoji, emoticons, clause punctuation; words in
 *   a negation scope carry the NEG_ prefix).
 * - Hashed n-grams: every token and every pair of adjacent tokens (joined by one space) is
 *   hashed with 32-bit FNV-1a over its UTF-8 bytes; the low HASH_BITS bits pick the bucket
 *   (unsigned, no sign hashing). Value 1 per bucket present (binary), collisions included.
 * - Lexicon: the AFINN-165 and VADER valences of the tokens summed (a negated word's AFINN
 *   valence flipped, its VADER valence times -0.74, as those tools do), each squashed to
 *   (-1, 1) by x / √(x² + 15). Index HASH_BUCKETS + 0 is AFINN, + 1 is VADER; a zero sum is
 *   left out, as every zero is.
 */
export function featurize(text: string): SparseFeatures {
  addFeatures(text);
  return builder.finish();
}

/** featurize for every text, appended to `rows` (which it clears first): what the scorer uses, without an allocation per text. */
export function featurizeRows(texts: readonly string[], rows: FeatureRows): void {
  rows.clear();
  for (const text of texts) {
    addFeatures(text);
    builder.finishInto(rows);
  }
}

function addFeatures(text: string): void {
  builder.reset();
  if (isPlainAscii(text)) addAsciiFeatures(text.toLowerCase(), builder);
  else addUnicodeFeatures(text, builder);
}

/** featurize by the token-by-token definition only, never the single-pass routes (for tests that compare them). */
export function featurizeByTokens(text: string): SparseFeatures {
  builder.reset();
  addTokenFeatures(tokenize(text), builder);
  return builder.finish();
}
