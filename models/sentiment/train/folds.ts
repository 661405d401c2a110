/** mulberry32: a small seeded PRNG, so folds are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Assigns each of `count` groups to one of `k` folds: a seeded Fisher–Yates shuffle, then
 * round robin, so fold sizes differ by at most one. Stratified by label, so every fold keeps
 * the data's class balance. Folds are over groups (distinct sentences), never rows.
 */
export function groupFolds(labels: ArrayLike<0 | 1>, k: number, seed: number): Int32Array {
  const rand = prng(seed);
  const fold = new Int32Array(labels.length);
  let next = 0;
  for (const label of [0, 1] as const) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === label) members.push(i);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [members[i], members[j]] = [members[j] as number, members[i] as number];
    }
    for (const m of members) fold[m] = next++ % k;
  }
  return fold;
}
