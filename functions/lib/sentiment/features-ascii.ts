import type { FeatureBuilder } from './feature-builder.js';
import { FNV1A32_OFFSET, fnv1a32 } from './hash.js';
import { NEGATION_PREFIX } from './tokenize.js';
import { type VocabularyEntry, vocabularyEntry, vocabularyEntryAt } from './vocabulary.js';

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

const PRIME = 0x01000193;
export const NEGATION_SEED = fnv1a32(NEGATION_PREFIX);
const NOT_TAKEN = -1;

/** FNV-1a of the ASCII characters text[start, end), continuing from `seed`. */
function hashAscii(text: string, start: number, end: number, seed: number): number {
  let h = seed;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), PRIME);
  return h >>> 0;
}

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

/** A folded clause punctuation token, with its hash and vocabulary entry. */
export interface ClauseToken {
  text: string;
  hash: number;
  entry: VocabularyEntry | undefined;
}

function clauseToken(text: string): ClauseToken {
  const hash = fnv1a32(text);
  return { text, hash, entry: vocabularyEntry(hash, text) };
}

export const BANG = clauseToken('!');
export const QUESTION = clauseToken('?');
export const COMMA = clauseToken(',');
export const STOP = clauseToken('.');

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

/**
 * One pass over lowercased plain ASCII. A class rather than a closure, so the scan state lives
 * in fields of one object V8 can optimise, not in a context allocated per text.
 */
class AsciiScan {
  private text = '';
  private out: FeatureBuilder | undefined;
  private negated = false;
  private hasPrevious = false;
  private previous = 0;

  run(lower: string, out: FeatureBuilder): void {
    this.text = lower;
    this.out = out;
    this.negated = false;
    this.hasPrevious = false;
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
        this.word(i, end);
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
    this.out = undefined;
  }

  /** A word: may open or close a negation scope, or be marked by one. */
  private word(start: number, end: number): void {
    const text = this.text;
    // The bare hash and the unmarked bigram's in one pass; most words are not marked.
    let bare = FNV1A32_OFFSET;
    let bigram = Math.imul(this.previous ^ 0x20, PRIME);
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      bare = Math.imul(bare ^ c, PRIME);
      bigram = Math.imul(bigram ^ c, PRIME);
    }
    bare >>>= 0;
    const entry = vocabularyEntryAt(bare, text, start, end);
    let marked = false;
    if (entry?.scopeEnd) this.negated = false;
    else if (entry?.negator || (end - start >= 3 && text.startsWith("n't", end - 3))) this.negated = true;
    else marked = this.negated;
    if (marked) {
      const unigram = hashAscii(text, start, end, NEGATION_SEED);
      const seed = this.hasPrevious ? hashAscii(NEGATION_PREFIX, 0, NEGATION_PREFIX.length, this.bigramSeed()) : 0;
      this.add(unigram, this.hasPrevious ? hashAscii(text, start, end, seed) : 0, entry, true);
    } else {
      this.add(bare, bigram >>> 0, entry, false);
    }
  }

  /** An emoticon or heart: never marked, leaves the negation scope as it is. */
  private symbol(start: number, end: number): void {
    const text = this.text;
    const bare = hashAscii(text, start, end, FNV1A32_OFFSET);
    const bigram = this.hasPrevious ? hashAscii(text, start, end, this.bigramSeed()) : 0;
    this.add(bare, bigram, vocabularyEntryAt(bare, text, start, end), false);
  }

  /** A folded clause punctuation token: closes the negation scope. */
  private clause(token: ClauseToken): void {
    this.negated = false;
    const bigram = this.hasPrevious ? hashAscii(token.text, 0, 1, this.bigramSeed()) : 0;
    this.add(token.hash, bigram, token.entry, false);
  }

  /** The hash state after the previous token's feature string and one space. */
  private bigramSeed(): number {
    return Math.imul(this.previous ^ 0x20, PRIME);
  }

  /** The token's unigram, then (after the first token) its bigram, as the token-by-token definition adds them. */
  private add(unigram: number, bigram: number, entry: VocabularyEntry | undefined, marked: boolean): void {
    this.out?.ngram(unigram);
    if (this.hasPrevious) this.out?.ngram(bigram);
    if (entry) this.out?.lexicon(entry, marked);
    this.hasPrevious = true;
    this.previous = unigram;
  }
}

const scan = new AsciiScan();

/** Adds the features of `lower` (lowercased plain ASCII, see isPlainAscii) to `out`. */
export function addAsciiFeatures(lower: string, out: FeatureBuilder): void {
  scan.run(lower, out);
}
