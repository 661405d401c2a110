import type { FeatureBuilder } from './feature-builder.js';
import { FNV1A32_OFFSET, fnv1a32Range } from './hash.js';
import { NOT_TAKEN, PRIME, TokenEmitter } from './token-emitter.js';
import { normaliseForTokens } from './tokenize.js';

/*
 * The same tokens and features as `tokenize` + the general path of `featurize`, for any text:
 * the text is normalised exactly as tokenize does (NFKC, lowercase, apostrophes, URLs), then
 * scanned in one pass without regular expressions, code point by code point, trying at each
 * position the alternatives of tokenize's TOKEN pattern in its order:
 *   word      [\p{L}\p{M}\p{N}]+ (['-][\p{L}\p{M}\p{N}]+)*
 *   emoticon  [:;=] [-^']? [)(\][dpo/\\|*3]
 *   heart     < /? 3
 *   clause    [.!?,;:]+   → folded to ! ? , or .
 *   emoji     one \p{Extended_Pictographic} code point
 * Tokens are hashed (UTF-8 FNV-1a) and looked up straight from the normalised text, so no
 * token string is built. Tests check this agrees with the token-by-token definition.
 */

/** What a code point can start or continue: the classes of TOKEN, decided by the same regular expressions. */
const UNKNOWN = 0;
const WORD = 1;
const PICTOGRAPHIC = 2;
const OTHER = 3;
const WORD_CLASS = /^[\p{L}\p{M}\p{N}]$/u;
const PICTOGRAPHIC_CLASS = /^\p{Extended_Pictographic}$/u;

/** Class of every code point, filled in on first sight (a regular expression test each, once). */
const classes = new Uint8Array(0x110000);

function classify(codePoint: number): number {
  let cls = classes[codePoint] as number;
  if (cls === UNKNOWN) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff)
      cls = OTHER; // a lone surrogate is in no class
    else {
      const char = String.fromCodePoint(codePoint);
      cls = WORD_CLASS.test(char) ? WORD : PICTOGRAPHIC_CLASS.test(char) ? PICTOGRAPHIC : OTHER;
    }
    classes[codePoint] = cls;
  }
  return cls;
}

/** The code point at `i` (a surrogate pair read as one; a lone surrogate as itself). */
function codePointAt(text: string, i: number, n: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
  }
  return c;
}

/** Whether the code point at `i` is a word character; its length in UTF-16 units if so, else 0. */
function wordCharLength(text: string, i: number, n: number): number {
  if (i >= n) return 0;
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) ? 1 : 0;
  const codePoint = codePointAt(text, i, n);
  return classify(codePoint) === WORD ? (codePoint > 0xffff ? 2 : 1) : 0;
}

/** One pass over a normalised text. */
class UnicodeScan extends TokenEmitter {
  run(normalised: string, out: FeatureBuilder): void {
    this.begin(normalised, out);
    const text = normalised;
    const n = text.length;
    let i = 0;
    while (i < n) {
      let step = wordCharLength(text, i, n);
      if (step !== 0) {
        let end = i + step;
        for (;;) {
          while ((step = wordCharLength(text, end, n)) !== 0) end += step;
          const joiner = text.charCodeAt(end);
          if ((joiner === 39 || joiner === 45) && (step = wordCharLength(text, end + 1, n)) !== 0) end += 1 + step;
          else break;
        }
        this.unicodeWord(i, end);
        i = end;
        continue;
      }
      const c = text.charCodeAt(i);
      const end = this.punctuation(i, c);
      if (end !== NOT_TAKEN) {
        i = end;
        continue;
      }
      if (c < 0x80) {
        i++;
        continue;
      }
      const codePoint = codePointAt(text, i, n);
      const length = codePoint > 0xffff ? 2 : 1;
      if (classify(codePoint) === PICTOGRAPHIC) this.symbol(i, i + length);
      i += length;
    }
    this.finish();
  }

  /** A word: its bare hash and unmarked bigram hash in one pass (ASCII fast while it lasts), then what any word gets. */
  private unicodeWord(start: number, end: number): void {
    const text = this.text;
    let bare = FNV1A32_OFFSET;
    let bigram = this.bigramSeed();
    let i = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) break;
      bare = Math.imul(bare ^ c, PRIME);
      bigram = Math.imul(bigram ^ c, PRIME);
    }
    if (i < end) {
      bare = fnv1a32Range(text, i, end, bare);
      bigram = fnv1a32Range(text, i, end, bigram);
    }
    this.word(start, end, bare >>> 0, bigram >>> 0);
  }
}

const scan = new UnicodeScan();

/** Adds the features of any `text` (normalised here, as tokenize does) to `out`. */
export function addUnicodeFeatures(text: string, out: FeatureBuilder): void {
  scan.run(normaliseForTokens(text), out);
}
