import type { VocabularyEntry } from './vocabulary.js';

/** Layout of the feature space (part of FEATURE_VERSION). Hashed n-grams: indices 0 … HASH_BUCKETS-1. */
export const HASH_BITS = 18;
export const HASH_BUCKETS = 2 ** HASH_BITS;
/** Lexicon features follow the buckets: index HASH_BUCKETS + i. */
export const LEXICON_FEATURE_NAMES = ['afinn', 'vader'] as const;
export const LEXICON_FEATURES = LEXICON_FEATURE_NAMES.length;
/** Length of the weight vector a model over these features has. */
export const FEATURE_COUNT = HASH_BUCKETS + LEXICON_FEATURES;

/**
 * A sparse feature vector: distinct indices < FEATURE_COUNT with non-zero values. Hashed
 * n-grams come in the order of their first occurrence in the text, then the lexicon features.
 */
export interface SparseFeatures {
  /** Feature indices, no repeats. */
  indices: Int32Array;
  /** The value of each index. */
  values: Float32Array;
}

/** VADER scales a negated word by this (Hutto & Gilbert 2014, N_SCALAR). */
const VADER_NEGATION = -0.74;
/** The normalisation of VADER's compound score, x / √(x² + α), with α = 15; the same for AFINN's sum. */
const NORMALISE_ALPHA = 15;
const BUCKET_MASK = HASH_BUCKETS - 1;

/**
 * Collects one text's features: n-gram hashes (reduced to buckets, repeats dropped) and
 * lexicon sums. One per module, reused: featurize is synchronous, so no two
 * texts are ever in it at once.
 */
export class FeatureBuilder {
  private buckets = new Int32Array(256);
  private count = 0;
  private afinn = 0;
  private vader = 0;
  /**
   * The buckets seen in the current text: an open-addressing set of (stamp, bucket) pairs with
   * at least twice as many slots as the text has n-grams, so it stays in L1 cache for any usual
   * text; a slot belongs to the current text when it holds the text's stamp, so nothing is cleared.
   */
  private seen = new Int32Array(2 * 128);
  private stamp = 0;

  reset(): void {
    this.count = 0;
    this.afinn = 0;
    this.vader = 0;
  }

  /** Adds the n-gram whose FNV-1a hash is `hash`. */
  ngram(hash: number): void {
    if (this.count === this.buckets.length) {
      const grown = new Int32Array(this.buckets.length * 2);
      grown.set(this.buckets);
      this.buckets = grown;
    }
    this.buckets[this.count++] = hash & BUCKET_MASK;
  }

  /** Adds a token's lexicon valences; `negated` when the token is in a negation scope. */
  lexicon(entry: VocabularyEntry, negated: boolean): void {
    this.afinn += negated ? -entry.afinn : entry.afinn;
    this.vader += negated ? VADER_NEGATION * entry.vader : entry.vader;
  }

  /**
   * Drops repeated buckets in place, keeping first occurrences in order; returns how many
   * distinct ones there are. Linear, through a small hash set (sorting a few dozen numbers per
   * text cost more than the rest of featurizing, and a stamp per bucket, 1 MB, missed the
   * cache on nearly every n-gram). Buckets are hash bits already, so their low bits pick the slot.
   */
  private distinctBuckets(): number {
    const count = this.count;
    if (2 * count > this.seen.length / 2) {
      let slots = this.seen.length / 2;
      while (slots < 2 * count) slots *= 2;
      this.seen = new Int32Array(2 * slots);
      this.stamp = 0;
    }
    const seen = this.seen;
    let stamp = ++this.stamp;
    if (stamp === 0x7fffffff) {
      seen.fill(0);
      stamp = this.stamp = 1;
    }
    const mask = seen.length / 2 - 1;
    const buckets = this.buckets;
    let unique = 0;
    next: for (let i = 0; i < count; i++) {
      const bucket = buckets[i] as number;
      let slot = bucket & mask;
      while (seen[2 * slot] === stamp) {
        if (seen[2 * slot + 1] === bucket) continue next;
        slot = (slot + 1) & mask;
      }
      seen[2 * slot] = stamp;
      seen[2 * slot + 1] = bucket;
      buckets[unique++] = bucket;
    }
    return unique;
  }

  /** Writes the vector at `at` in `indices`/`values` (which must have room for `size()`); returns its length. */
  private write(unique: number, indices: Int32Array, values: Float32Array, at: number): number {
    const start = at;
    const buckets = this.buckets;
    // A loop, not indices.set(buckets.subarray(…)): a subarray is an object allocated per text.
    for (let i = 0; i < unique; i++) {
      indices[at] = buckets[i] as number;
      values[at++] = 1;
    }
    const { afinn, vader } = this;
    if (afinn !== 0) {
      indices[at] = HASH_BUCKETS;
      values[at++] = afinn / Math.sqrt(afinn * afinn + NORMALISE_ALPHA);
    }
    if (vader !== 0) {
      indices[at] = HASH_BUCKETS + 1;
      values[at++] = vader / Math.sqrt(vader * vader + NORMALISE_ALPHA);
    }
    return at - start;
  }

  /** The text's feature vector, in arrays of its own. */
  finish(): SparseFeatures {
    const unique = this.distinctBuckets();
    const size = unique + (this.afinn !== 0 ? 1 : 0) + (this.vader !== 0 ? 1 : 0);
    const indices = new Int32Array(size);
    const values = new Float32Array(size);
    this.write(unique, indices, values, 0);
    return { indices, values };
  }

  /** Appends the text's feature vector to `batch` as its next row. */
  finishInto(batch: FeatureRows): void {
    const unique = this.distinctBuckets();
    batch.reserve(unique + LEXICON_FEATURES);
    batch.endRow(this.write(unique, batch.indices, batch.values, batch.size));
  }
}

/**
 * The feature vectors of a batch, back to back (CSR): row r is entries offsets[r] …
 * offsets[r+1]-1. Its buffers grow and are reused, so featurizing a batch allocates nothing
 * per text; the arrays are only valid until the next `clear`.
 */
export class FeatureRows {
  indices = new Int32Array(4096);
  values = new Float32Array(4096);
  offsets = new Int32Array(257);
  /** Rows so far. */
  rows = 0;
  /** Entries so far. */
  size = 0;

  clear(): void {
    this.rows = 0;
    this.size = 0;
  }

  reserve(entries: number): void {
    if (this.size + entries <= this.indices.length) return;
    const capacity = Math.max(2 * this.indices.length, this.size + entries);
    const indices = new Int32Array(capacity);
    const values = new Float32Array(capacity);
    indices.set(this.indices.subarray(0, this.size));
    values.set(this.values.subarray(0, this.size));
    this.indices = indices;
    this.values = values;
  }

  endRow(length: number): void {
    if (this.rows + 2 > this.offsets.length) {
      const offsets = new Int32Array(2 * this.offsets.length);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    this.size += length;
    this.rows++;
    this.offsets[this.rows] = this.size;
  }
}
