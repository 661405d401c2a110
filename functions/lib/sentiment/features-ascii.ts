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

/** Whether the fast path computes exactly what the general one would for `text`. */
export function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 || c === 96 /* ` */) return false;
    // A URL (tokenize drops those): "://" or, in any case, "www.".
    if (c === 58 && text.startsWith('//', i + 1)) return false;
    if ((c === 119 || c === 87) && text.charCodeAt(i + 3) === 46 && text.slice(i, i + 3).toLowerCase() === 'www')
      return false;
  }
  return true;
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
        let end = i + 1;
        for (;;) {
          while (end < n && isWordCode(lower.charCodeAt(end))) end++;
          const joiner = lower.charCodeAt(end);
          if ((joiner === 39 || joiner === 45) && end + 1 < n && isWordCode(lower.charCodeAt(end + 1))) end += 2;
          else break;
        }
        this.asciiWord(i, end);
        i = end;
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

  /** A word: its bare hash and unmarked bigram hash in one pass, then what any word gets. */
  private asciiWord(start: number, end: number): void {
    const text = this.text;
    let bare = FNV1A32_OFFSET;
    let bigram = this.bigramSeed();
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      bare = Math.imul(bare ^ c, PRIME);
      bigram = Math.imul(bigram ^ c, PRIME);
    }
    this.word(start, end, bare >>> 0, bigram >>> 0);
  }
}

const scan = new AsciiScan();

/** Adds the features of `lower` (lowercased plain ASCII, see isPlainAscii) to `out`. */
export function addAsciiFeatures(lower: string, out: FeatureBuilder): void {
  scan.run(lower, out);
}
