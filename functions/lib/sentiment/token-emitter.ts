import type { FeatureBuilder } from './feature-builder.js';
import { FNV1A32_OFFSET, fnv1a32, fnv1a32Range } from './hash.js';
import { NEGATION_PREFIX } from './tokenize.js';
import { type VocabularyEntry, vocabularyEntry, vocabularyEntryAt } from './vocabulary.js';

/*
 * What happens to a token once a scan has found it — negation scope, marking, unigram and
 * bigram hashes, lexicon lookup — shared by the ASCII and the Unicode scans, which differ only
 * in how they find tokens and hash a word's bare form in the same pass.
 */

export const PRIME = 0x01000193;
export const NEGATION_SEED = fnv1a32(NEGATION_PREFIX);

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

/** What `punctuation` answers when no emoticon, heart or clause punctuation starts at the index. */
export const NOT_TAKEN = -1;

function isMouth(c: number): boolean {
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

function isClause(c: number): boolean {
  // . ! ? , ; :
  return c === 46 || c === 33 || c === 63 || c === 44 || c === 59 || c === 58;
}

/** Whether text[…, end) ends in "n't" (a negator); charCodeAt, because this runs for every word. */
function endsWithNt(text: string, end: number): boolean {
  return text.charCodeAt(end - 1) === 116 && text.charCodeAt(end - 2) === 39 && text.charCodeAt(end - 3) === 110;
}

/**
 * Scan state and token emission. A class rather than a closure, so the state lives in fields
 * of one object V8 can optimise, not in a context allocated per text.
 */
export abstract class TokenEmitter {
  protected text = '';
  protected out: FeatureBuilder | undefined;
  protected negated = false;
  protected hasPrevious = false;
  protected previous = 0;

  protected begin(text: string, out: FeatureBuilder): void {
    this.text = text;
    this.out = out;
    this.negated = false;
    this.hasPrevious = false;
  }

  protected finish(): void {
    this.out = undefined;
  }

  /**
   * A word text[start, end) whose bare hash and unmarked bigram hash the scan computed: it may
   * open or close a negation scope, or be marked by one.
   */
  protected word(start: number, end: number, bare: number, bigram: number): void {
    const text = this.text;
    const entry = vocabularyEntryAt(bare, text, start, end);
    let marked = false;
    if (entry?.scopeEnd) this.negated = false;
    else if (entry?.negator || (end - start >= 3 && endsWithNt(text, end))) this.negated = true;
    else marked = this.negated;
    if (marked) {
      const unigram = fnv1a32Range(text, start, end, NEGATION_SEED);
      const seed = this.hasPrevious ? fnv1a32Range(NEGATION_PREFIX, 0, NEGATION_PREFIX.length, this.bigramSeed()) : 0;
      this.add(unigram, this.hasPrevious ? fnv1a32Range(text, start, end, seed) : 0, entry, true);
    } else {
      this.add(bare, bigram, entry, false);
    }
  }

  /** An emoticon, heart or emoji: never marked, leaves the negation scope as it is. */
  protected symbol(start: number, end: number): void {
    const text = this.text;
    const bare = fnv1a32Range(text, start, end, FNV1A32_OFFSET);
    const bigram = this.hasPrevious ? fnv1a32Range(text, start, end, this.bigramSeed()) : 0;
    this.add(bare, bigram, vocabularyEntryAt(bare, text, start, end), false);
  }

  /**
   * The ASCII punctuation tokens both scans find the same way: an emoticon (`:-)`, `;p`, `=(`),
   * a heart (`<3`, `</3`) or a run of clause punctuation folded to one token. Emits the token
   * starting at text[i] (whose code is `c`) and answers the index after it, or NOT_TAKEN.
   */
  protected punctuation(i: number, c: number): number {
    const text = this.text;
    if (c === 58 || c === 59 || c === 61) {
      // : ; = may start an emoticon: eyes, optional nose (- ^ '), mouth.
      const nose = text.charCodeAt(i + 1);
      let end = NOT_TAKEN;
      if ((nose === 45 || nose === 94 || nose === 39) && isMouth(text.charCodeAt(i + 2))) end = i + 3;
      else if (isMouth(nose)) end = i + 2;
      if (end !== NOT_TAKEN) {
        this.symbol(i, end);
        return end;
      }
    } else if (c === 60) {
      // < 3 or < / 3
      const next = text.charCodeAt(i + 1);
      const end = next === 51 ? i + 2 : next === 47 && text.charCodeAt(i + 2) === 51 ? i + 3 : NOT_TAKEN;
      if (end !== NOT_TAKEN) {
        this.symbol(i, end);
        return end;
      }
    }
    if (!isClause(c)) return NOT_TAKEN;
    const n = text.length;
    let end = i + 1;
    let bang = c === 33;
    let question = c === 63;
    while (end < n && isClause(text.charCodeAt(end))) {
      const d = text.charCodeAt(end++);
      bang ||= d === 33;
      question ||= d === 63;
    }
    this.clause(bang ? BANG : question ? QUESTION : end - i === 1 && c === 44 ? COMMA : STOP);
    return end;
  }

  /** A folded clause punctuation token: closes the negation scope. */
  protected clause(token: ClauseToken): void {
    this.negated = false;
    const bigram = this.hasPrevious ? fnv1a32Range(token.text, 0, 1, this.bigramSeed()) : 0;
    this.add(token.hash, bigram, token.entry, false);
  }

  /** The hash state after the previous token's feature string and one space. */
  protected bigramSeed(): number {
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
