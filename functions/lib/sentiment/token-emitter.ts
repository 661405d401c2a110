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
