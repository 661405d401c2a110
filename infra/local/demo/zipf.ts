/**
 * Zipf's law over ranks 1..n: rank k is drawn with probability k^-s / H(n, s). Who edits a
 * wiki follows it closely (a few accounts make most edits), with s a little above 1.
 */
export interface Zipf {
  /** Number of ranks. */
  n: number;
  /** The exponent s. */
  s: number;
  /** The rank (1..n) for a uniform draw u in [0, 1). */
  rank(u: number): number;
  /** Probability of rank k. */
  probability(k: number): number;
}

export function zipf(n: number, s: number): Zipf {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) {
    total += k ** -s;
    cumulative[k - 1] = total;
  }
  return {
    n,
    s,
    rank(u) {
      const target = u * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulative[mid] as number) > target) hi = mid;
        else lo = mid + 1;
      }
      return lo + 1;
    },
    probability: (k) => k ** -s / total,
  };
}
