import type { FeatureBuilder } from './feature-builder.js';
import { FNV1A32_OFFSET } from './hash.js';
import { BANG, COMMA, PRIME, QUESTION, STOP, TokenEmitter } from './token-emitter.js';

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

const NOT_TAKEN = -1;

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

export function isMouth(c: number): boolean {
  // ) ( ] [ d p o / \ | * 3
  return (
    c === 41 ||
    c === 40 ||
    c === 93 ||
    c === 91 ||
    c === 100 ||
    c === 112 ||
    c === 111 ||
    c === 47 ||
    c === 92 ||
    c === 124 ||
    c === 42 ||
    c === 51
  );
}

export function isClause(c: number): boolean {
  // . ! ? , ; :
  return c === 46 || c === 33 || c === 63 || c === 44 || c === 59 || c === 58;
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
      if (c === 58 || c === 59 || c === 61) {
        // : ; = may start an emoticon: eyes, optional nose (- ^ '), mouth.
        const nose = lower.charCodeAt(i + 1);
        let end = NOT_TAKEN;
        if ((nose === 45 || nose === 94 || nose === 39) && isMouth(lower.charCodeAt(i + 2))) end = i + 3;
        else if (isMouth(nose)) end = i + 2;
        if (end !== NOT_TAKEN) {
          this.symbol(i, end);
          i = end;
          continue;
        }
      } else if (c === 60) {
        // < 3 or < / 3
        const next = lower.charCodeAt(i + 1);
        const end = next === 51 ? i + 2 : next === 47 && lower.charCodeAt(i + 2) === 51 ? i + 3 : NOT_TAKEN;
        if (end !== NOT_TAKEN) {
          this.symbol(i, end);
          i = end;
          continue;
        }
      }
      if (isClause(c)) {
        let end = i + 1;
        let bang = c === 33;
        let question = c === 63;
        while (end < n && isClause(lower.charCodeAt(end))) {
          const d = lower.charCodeAt(end++);
          bang ||= d === 33;
          question ||= d === 63;
        }
        this.clause(bang ? BANG : question ? QUESTION : end - i === 1 && c === 44 ? COMMA : STOP);
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
