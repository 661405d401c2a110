/**
 * The most common phrases of a set of texts, for a digest: lower-cased words (letters and
 * digits), stopwords dropped, then adjacent pairs of the words left ("checkout fails") and
 * the words themselves. Each text counts a phrase once, so one long rant does not outweigh
 * many short messages. Pairs rank before words on equal counts, ties break alphabetically,
 * and a word inside a listed pair is not listed too. Pure and deterministic.
 */

/** English function words, and the filler feedback is full of. */
const STOPWORDS = new Set(
  (
    'a about after again all also am an and any are as at be because been before being but by can could did do does ' +
    "doing don't down during each even ever for from get got had has have having he her here hers him his how i i'm " +
    "if in into is it it's its just let me more most my no nor not now of off on once only or other our out over own " +
    'please really same she should so some still such than that the their them then there these they this those ' +
    'through to too under until up us very was we were what when where which while who why will with would you your ' +
    "i've can't won't isn't doesn't didn't"
  ).split(' '),
);

export interface Phrase {
  phrase: string;
  /** Texts it occurs in. */
  count: number;
}

/** Up to `limit` phrases that occur in at least `minCount` texts, most common first. */
export function commonPhrases(texts: Iterable<string>, limit = 5, minCount = 2): Phrase[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const words = (
      text
        .toLowerCase()
        .normalize('NFKC')
        .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? []
    ).filter((w) => !STOPWORDS.has(w) && w.length > 1);
    const seen = new Set<string>(words);
    for (let i = 1; i < words.length; i++) seen.add(`${words[i - 1]} ${words[i]}`);
    for (const phrase of seen) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
  }
  const ranked = [...counts.entries()]
    .filter(([, count]) => count >= minCount)
    .sort(([a, x], [b, y]) => y - x || pairsFirst(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  // A word inside a listed pair says nothing more than the pair: it is left out, whichever ranks first.
  const chosen: Phrase[] = [];
  const inPairs = new Set<string>();
  for (const [phrase, count] of ranked) {
    if (chosen.length >= limit) break;
    const words = phrase.split(' ');
    if (words.length === 1 && inPairs.has(phrase)) continue;
    if (words.length === 2) {
      for (const word of words) inPairs.add(word);
      for (let i = chosen.length - 1; i >= 0; i--) if (words.includes(chosen[i]!.phrase)) chosen.splice(i, 1);
    }
    chosen.push({ phrase, count });
  }
  return chosen.sort((a, b) => b.count - a.count || pairsFirst(a.phrase, b.phrase) || (a.phrase < b.phrase ? -1 : 1));
}

function pairsFirst(a: string, b: string): number {
  return Number(b.includes(' ')) - Number(a.includes(' '));
}
