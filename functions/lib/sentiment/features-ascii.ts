import type { FeatureBuilder } from './feature-builder.js';
import { FNV1A32_OFFSET } from './hash.js';
import { NOT_TAKEN, PRIME, TokenEmitter } from './token-emitter.js';

/*
 * The same tokens and features as `tokenize` + the general path of `featurize`, computed in
 * one pass without regular expressions, for the common case: plain ASCII text without URLs or
 * backticks (NFKC leaves ASCII unchanged; in ASCII, \p{L}\p{M}\p{N} is [A-Za-z0-9] and there
 * is no \p{Extended_Pictographic}). Tests check both paths agree on every text they try.
 * At each position the alternatives of tokenize's TOKEN pattern are tried in its order:
 *   word      [a-z0-9]+ (['-][a-z0-9]+)*
 *   emoticon  [:;=] [-^']? [)(\][dpo/\\|*3]
 *   heart     < /? 3
 *   clause    [.!?,;:]+   → folded to ! ? , or .
 */

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * What keeps a text off the fast path: a character outside ASCII, a backtick, or what may be a
 * URL (tokenize drops those): "://" or, in any case, "www.". A regular expression, because V8
 * compiles it to a scan twice as fast as a charCodeAt loop.
 */
const NOT_PLAIN_ASCII = /[`\u0080-\uffff]|:\/\/|[wW]{3}\./;

/** Whether the fast path computes exactly what the general one would for `text`. */
export function isPlainAscii(text: string): boolean {
  return !NOT_PLAIN_ASCII.test(text);
}

/** One pass over lowercased plain ASCII. */
class AsciiScan extends TokenEmitter {
  run(lower: string, out: FeatureBuilder): void {
    this.begin(lower, out);
    const n = lower.length;
    let i = 0;
    while (i < n) {
      const c = lower.charCodeAt(i);
      if (isWordCode(c)) {
        i = this.asciiWord(i);
        continue;
      }
      const end = this.punctuation(i, c);
      if (end !== NOT_TAKEN) {
        i = end;
        continue;
      }
      i++;
    }
    this.finish();
  }

  /**
   * The word starting at `start`: found, and its bare hash and unmarked bigram hash computed, in
   * one pass; then what any word gets. Returns where the word ends.
   */
  private asciiWord(start: number): number {
    const text = this.text;
    const n = text.length;
    let bare = FNV1A32_OFFSET;
    let bigram = this.bigramSeed();
    let end = start;
    for (;;) {
      for (let c = text.charCodeAt(end); end < n && isWordCode(c); c = text.charCodeAt(++end)) {
        bare = Math.imul(bare ^ c, PRIME);
        bigram = Math.imul(bigram ^ c, PRIME);
      }
      // An inner ' or - joins the word and the word characters after it.
      const joiner = text.charCodeAt(end);
      if ((joiner !== 39 && joiner !== 45) || end + 1 >= n || !isWordCode(text.charCodeAt(end + 1))) break;
      bare = Math.imul(bare ^ joiner, PRIME);
      bigram = Math.imul(bigram ^ joiner, PRIME);
      end++;
    }
    this.word(start, end, bare >>> 0, bigram >>> 0);
    return end;
  }
}

const scan = new AsciiScan();

/** Adds the features of `lower` (lowercased plain ASCII, see isPlainAscii) to `out`. */
export function addAsciiFeatures(lower: string, out: FeatureBuilder): void {
  scan.run(lower, out);
}
