import { describe, expect, it } from 'vitest';
import { FeatureRows, featurizeByTokens, featurizeRows } from '../../../../functions/lib/sentiment/features.js';
import { fnv1a32Range } from '../../../../functions/lib/sentiment/hash.js';
import {
  FEATURE_COUNT,
  FEATURE_VERSION,
  FNV1A32_OFFSET,
  featurize,
  fnv1a32,
  HASH_BUCKETS,
  type SparseFeatures,
} from '../../../../functions/lib/sentiment/index.js';
import { loadLabelledData } from '../../../../models/sentiment/train/data.js';
import feedbackCheck from '../../../../models/sentiment/train/feedback-check.json' with { type: 'json' };

/** FNV-1a 32 over UTF-8 bytes, the textbook way, to check the streamed implementation against. */
function referenceFnv1a32(text: string): number {
  let h = FNV1A32_OFFSET;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h >>> 0;
}

const bucket = (ngram: string) => fnv1a32(ngram) & (HASH_BUCKETS - 1);

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    // Assess
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes, including astral characters and lone surrogates', () => {
    // Prepare
    const texts = ['café', '日本語', '😀 👍🏽', 'x\ud800y', 'NEG_good bad', '\u{10ffff}'];

    // Assess
    for (const text of texts) expect(fnv1a32(text)).toBe(referenceFnv1a32(text));
  });

  it('hashes a range of a string as it hashes the slice, surrogate pairs cut or not', () => {
    // Prepare
    const text = 'a😀b\ud800ü日\udc00z';

    // Assess
    for (let start = 0; start <= text.length; start++) {
      for (let end = start; end <= text.length; end++) {
        expect(fnv1a32Range(text, start, end, 12345)).toBe(fnv1a32(text.slice(start, end), 12345));
      }
    }
  });

  it('streams: hashing b from the state after a equals hashing a + b', () => {
    // Assess
    expect(fnv1a32('bad', fnv1a32('not '))).toBe(fnv1a32('not bad'));
  });
});

describe('featurize', () => {
  it('is deterministic: the same text gives the same vector, whatever was featurized in between', () => {
    // Prepare
    const text = "The checkout isn't working, I was charged twice 😡";

    // Act
    const first = featurize(text);
    featurize('a much longer text that grows any scratch space the featurizer keeps '.repeat(50));
    const second = featurize(text);

    // Assess
    expect(Array.from(second.indices)).toEqual(Array.from(first.indices));
    expect(Array.from(second.values)).toEqual(Array.from(first.values));
    expect(FEATURE_VERSION).toBe('tandem-sentiment-features/1');
  });

  it('returns distinct indices inside the feature space, with non-zero values', () => {
    // Act
    const { indices, values } = featurize('Great app, great support, great price!!! 👍');

    // Assess
    expect(indices.length).toBe(values.length);
    expect(new Set(indices).size).toBe(indices.length);
    for (const index of indices) expect(index).toBeLessThan(FEATURE_COUNT);
    for (const value of values) expect(value).not.toBe(0);
  });

  it('hashes unigrams and space-joined bigrams of the negation-marked tokens, as binary features', () => {
    // Act
    const { indices, values } = featurize('not good not good');

    // Assess
    // In order of first occurrence: each token's unigram, then its bigram with the token before.
    const hashed = Array.from(indices).filter((i) => i < HASH_BUCKETS);
    const expected = [...new Set(['not', 'NEG_good', 'not NEG_good', 'NEG_good not'].map(bucket))];
    expect(hashed).toEqual(expected);
    expect(Array.from(values.subarray(0, hashed.length)).every((v) => v === 1)).toBe(true);
  });

  it('negation changes the features and turns the lexicon features around', () => {
    // Act
    const plain = featurize('the app was helpful');
    const negated = featurize('the app was not helpful');

    // Assess
    const lexicon = (x: typeof plain) =>
      Array.from(x.indices).flatMap((index, i) => (index >= HASH_BUCKETS ? [x.values[i] as number] : []));
    expect(Array.from(negated.indices)).toContain(bucket('NEG_helpful'));
    expect(Array.from(negated.indices)).not.toContain(bucket('helpful'));
    expect(lexicon(plain)).toHaveLength(2);
    expect(lexicon(plain).every((v) => v > 0)).toBe(true);
    expect(lexicon(negated)).toHaveLength(2);
    expect(lexicon(negated).every((v) => v < 0)).toBe(true);
  });

  it('gives an empty text no features at all', () => {
    // Act
    const { indices, values } = featurize('');

    // Assess
    expect(indices.length).toBe(0);
    expect(values.length).toBe(0);
  });
});

describe('featurize on plain ASCII', () => {
  /** Deterministic random strings over the characters the ASCII route treats specially. */
  function fuzz(count: number): string[] {
    let state = 1;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const alphabet = "abcNOT n't don't no but Www. :// :;=-^')(][dpo/\\|*3<.!?,xyz 12-'`";
    return Array.from({ length: count }, () =>
      Array.from({ length: Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
    );
  }

  it('takes a faster route to exactly the token-by-token features, on every text tried', () => {
    // Prepare
    const texts = [
      ...loadLabelledData().groups.map((g) => g.text),
      ...feedbackCheck.items.map((i) => i.text),
      ...fuzz(5000),
      ':-) :-( :D :P ;) =] <3 </3 <//3 not good :) never bad!!! ok?! no. but not',
      'see https://example.com/x or www.example.com, not HTTP://X.Y and not awww.nice',
      "It isn't `quoted` and DON'T shout",
      // More n-grams than the builder's buckets and duplicate set start with, so both grow mid-batch.
      Array.from({ length: 1500 }, (_, i) => `w${i % 700} not x${i}`).join(' '),
    ];

    // Act / Assess
    for (const text of texts) {
      const fast = featurize(text);
      const reference = featurizeByTokens(text);
      expect({ text, indices: Array.from(fast.indices), values: Array.from(fast.values) }).toEqual({
        text,
        indices: Array.from(reference.indices),
        values: Array.from(reference.values),
      });
    }
  });

  it('writes a batch as back-to-back rows equal to featurize of each text', () => {
    // Prepare
    const texts = ['great app', '', 'not bad at all 👍', 'Terrible.'];
    const rows = new FeatureRows();

    // Act
    featurizeRows(texts, rows);

    // Assess
    expect(rows.rows).toBe(texts.length);
    texts.forEach((text, r) => {
      const start = rows.offsets[r] as number;
      const end = rows.offsets[r + 1] as number;
      const row: SparseFeatures = { indices: rows.indices.slice(start, end), values: rows.values.slice(start, end) };
      expect(row).toEqual(featurize(text));
    });
    expect(rows.offsets[texts.length]).toBe(rows.size);
  });
});

describe('featurize on non-ASCII text', () => {
  /** Deterministic random strings of accented, CJK, emoji and combining pieces, ASCII specials and random code points. */
  function fuzz(count: number): string[] {
    let state = 7;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const pieces = [
      ...[
        'Ünïcödé',
        'café',
        'NAÏVE',
        'Über',
        '日本語',
        'données',
        'ǅemal',
        'ΑΣ',
        'ß',
        'İ',
        'ﬁne',
        'Ⅻ',
        '①',
        '٣',
        '𝐆𝐨𝐨𝐝',
        '𠀀',
      ],
      ...[
        '😀',
        '👍🏽',
        '😡',
        '❤️',
        '👨‍👩‍👧',
        '🇫🇷',
        '™',
        '©',
        '🏽',
        '\u200d',
        '\ufe0f',
        'e\u0301',
        '\u0301',
        '\ud800',
        '\udc00',
      ],
      ...['’', '‘', 'ʼ', '`', "'", '-', ' ', ' ', ' ', '\u00a0', ',', '.', '!', '?', ':', ';', '…', '！', '，'],
      ...['not', 'NOT', "n't", 'don’t', 'DON’T', 'never', 'no', 'but', 'good', 'bad', 'love', 'happy', 'x'],
      ...[':)', ':-(', ':D', ';p', '<3', '</3', 'https://exämple.com/ü', 'www.例え.jp', 'ＷＷＷ.x', 'ｈｔｔｐｓ://x'],
    ];
    const randomCodePoint = () =>
      String.fromCodePoint(
        Math.floor(next() < 0.5 ? next() * 0x3000 : next() < 0.5 ? next() * 0x10000 : next() * 0x110000),
      );
    return Array.from({ length: count }, () =>
      Array.from({ length: Math.floor(next() * 24) }, () =>
        next() < 0.8 ? pieces[Math.floor(next() * pieces.length)] : randomCodePoint(),
      ).join(''),
    );
  }

  it('takes a faster route to exactly the token-by-token features, on every text tried', () => {
    // Prepare
    const texts = [
      ...fuzz(20000),
      ...loadLabelledData().groups.map((g) => `${g.text.toUpperCase()} — Ünïcödé 😀`),
      'Ünïcödé NAÏVE café… not Ünïcödé, never 日本語 but 👍🏽 not 😡 don’t Über-cool ok',
      'I don’t like the 日本語 UI, not ünïcödé-friendly! isn’t 𝐆𝐨𝐨𝐝 :( ❤️ <3',
      'ＩＳＮ’Ｔ ＧＯＯＤ ﬁne ① e\u0301t\u0301e\u0301 \u0301alone 👨‍👩‍👧 🇫🇷 x\ud800y \udc00',
      'see https://exämple.com/ü or www.例え.jp, not Ünïcödé',
    ];

    // Act / Assess
    for (const text of texts) {
      const fast = featurize(text);
      const reference = featurizeByTokens(text);
      expect({ text, indices: Array.from(fast.indices), values: Array.from(fast.values) }).toEqual({
        text,
        indices: Array.from(reference.indices),
        values: Array.from(reference.values),
      });
    }
  });
});
