import { fnv1a32 } from './hash.js';
import { AFINN, VADER } from './lexicons.js';
import { NEGATORS, SCOPE_ENDS } from './tokenize.js';

/** What the features know about one token: its lexicon valences and its role in negation. */
export interface VocabularyEntry {
  word: string;
  /** fnv1a32(word). */
  hash: number;
  /** AFINN-165 valence, 0 when absent. */
  afinn: number;
  /** VADER valence, 0 when absent. */
  vader: number;
  /** Opens a negation scope (the "n't" suffix rule is checked separately). */
  negator: boolean;
  /** Closes a negation scope. */
  scopeEnd: boolean;
}

/*
 * Every token the features treat specially, in an open-addressing table keyed by its FNV-1a
 * hash, which featurize computes for each token anyway: one probe per token instead of hashing
 * the token string again in a Map<string> per lexicon (and 32-bit keys in a Map<number> are
 * boxed in V8, which is slower still). A probe compares the word itself, so a hash collision
 * never mistakes one word for another.
 */
const entries: VocabularyEntry[] = [];
const byWord = new Map<string, VocabularyEntry>();

function entryFor(word: string): VocabularyEntry {
  let entry = byWord.get(word);
  if (!entry) {
    entry = { word, hash: fnv1a32(word), afinn: 0, vader: 0, negator: false, scopeEnd: false };
    byWord.set(word, entry);
    entries.push(entry);
  }
  return entry;
}

for (const [word, valence] of AFINN) entryFor(word).afinn = valence;
for (const [word, valence] of VADER) entryFor(word).vader = valence;
for (const word of NEGATORS) entryFor(word).negator = true;
for (const word of SCOPE_ENDS) entryFor(word).scopeEnd = true;

/**
 * Slots: a power of two at least 2.5 times the entries. Each holds an entry index + 1, 0 when
 * empty, and beside it the entry's hash, so a probe passes over other words without reading
 * their entries (most tokens are in no lexicon).
 */
const TABLE_BITS = Math.ceil(Math.log2(entries.length * 2.5));
const MASK = 2 ** TABLE_BITS - 1;
const slots = new Int32Array(2 * (MASK + 1));
for (let e = 0; e < entries.length; e++) {
  const hash = (entries[e] as VocabularyEntry).hash;
  let slot = hash & MASK;
  while (slots[2 * slot] !== 0) slot = (slot + 1) & MASK;
  slots[2 * slot] = e + 1;
  slots[2 * slot + 1] = hash;
}

/** The entry of `word`, whose fnv1a32 is `hash`. */
export function vocabularyEntry(hash: number, word: string): VocabularyEntry | undefined {
  const signed = hash | 0;
  for (let slot = hash & MASK; ; slot = (slot + 1) & MASK) {
    const index = slots[2 * slot] as number;
    if (index === 0) return undefined;
    if (slots[2 * slot + 1] !== signed) continue;
    const entry = entries[index - 1] as VocabularyEntry;
    if (entry.word === word) return entry;
  }
}

/** The entry of the token `text[start, end)`, whose fnv1a32 is `hash`, without slicing the text. */
export function vocabularyEntryAt(hash: number, text: string, start: number, end: number): VocabularyEntry | undefined {
  const signed = hash | 0;
  for (let slot = hash & MASK; ; slot = (slot + 1) & MASK) {
    const index = slots[2 * slot] as number;
    if (index === 0) return undefined;
    if (slots[2 * slot + 1] !== signed) continue;
    const entry = entries[index - 1] as VocabularyEntry;
    if (entry.word.length === end - start && text.startsWith(entry.word, start)) return entry;
  }
}
