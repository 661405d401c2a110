/**
 * Tokenizer of the sentiment features (part of FEATURE_VERSION): NFKC, lowercase, then
 * word tokens (Unicode letters, marks and digits, joined by inner apostrophes or hyphens),
 * emoji, emoticons and clause punctuation. After a negator every word up to the next
 * clause boundary (. , ! ? ; : or "but") gets the NEG_ prefix (Das & Chen 2001; Pang, Lee
 * & Vaithyanathan 2002), so "not good" and "good" are different features. This is the
 * definition; featurize takes an equivalent single pass over the normalised text (features-ascii.ts
 * for plain ASCII, features-unicode.ts for the rest).
 */

/** Prefix of a token inside a negation scope. Upper case, so it never collides with a (lowercased) token. */
export const NEGATION_PREFIX = 'NEG_';

/** Words that open a negation scope; any token ending in n't does too. */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nowhere',
  'noone',
  'nobody',
  'none',
  'neither',
  'nor',
  'cannot',
  'without',
  'aint',
  'arent',
  'cant',
  'couldnt',
  'didnt',
  'doesnt',
  'dont',
  'hadnt',
  'hasnt',
  'havent',
  'isnt',
  'mightnt',
  'mustnt',
  'neednt',
  'shant',
  'shouldnt',
  'wasnt',
  'werent',
  'wont',
  'wouldnt',
]);

/** Tokens that close a negation scope: clause punctuation and the contrastive conjunction. */
export const SCOPE_ENDS: ReadonlySet<string> = new Set(['.', ',', '!', '?', 'but']);

/**
 * One alternative per token kind, tried in order at each position: a word; an emoticon
 * (eyes, optional nose, mouth, after lowercasing, so ":D" is ":d"); a heart "<3"; a run of
 * clause punctuation; one pictographic emoji (modifiers, joiners and variation selectors
 * are skipped as separators, so a skin-toned thumbs-up is the thumbs-up).
 */
const TOKEN =
  /([\p{L}\p{M}\p{N}]+(?:['-][\p{L}\p{M}\p{N}]+)*)|[:;=][-^']?[)(\][dpo/\\|*3]|<\/?3|[.!?,;:]+|\p{Extended_Pictographic}/gu;
const URL = /\b(?:https?:\/\/|www\.)\S+/gu;
const APOSTROPHES = /[\u2018\u2019\u02bc`]/gu;

/** The text tokens are read from: NFKC, lowercased, apostrophes folded to ', URLs blanked out. */
export function normaliseForTokens(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(APOSTROPHES, "'").replace(URL, ' ');
}

/** Clause punctuation is folded to four tokens: any "!" wins, then "?", then "," , else ".". */
function punctuationToken(run: string): string {
  if (run.includes('!')) return '!';
  if (run.includes('?')) return '?';
  if (run === ',') return ',';
  return '.';
}

function isPunctuation(code: number): boolean {
  // . ! ? , ; :
  return code === 46 || code === 33 || code === 63 || code === 44 || code === 59 || code === 58;
}

function isNegator(token: string): boolean {
  return NEGATORS.has(token) || token.endsWith("n't");
}

/**
 * Splits `text` into feature tokens, negation-marked. Pure and deterministic.
 *
 * @example tokenize("The app isn't fast, but it works!") → ['the', 'app', "isn't", 'NEG_fast', ',', 'but', 'it', 'works', '!']
 */
export function tokenize(text: string): string[] {
  const normalised = normaliseForTokens(text);
  const tokens: string[] = [];
  let negated = false;
  for (const match of normalised.matchAll(TOKEN)) {
    let token = match[0];
    // A run of clause punctuation starts and ends with one; an emoticon ends with its mouth.
    if (isPunctuation(token.charCodeAt(0)) && isPunctuation(token.charCodeAt(token.length - 1))) {
      token = punctuationToken(token);
    }
    if (SCOPE_ENDS.has(token)) {
      negated = false;
      tokens.push(token);
    } else if (isNegator(token)) {
      negated = true;
      tokens.push(token);
    } else {
      // Only words are negated: an emoji or emoticon keeps its sign ("not happy 😡").
      tokens.push(negated && match[1] !== undefined ? NEGATION_PREFIX + token : token);
    }
  }
  return tokens;
}
