/** Mulberry32: a tiny seeded PRNG so a run is reproducible. */
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
 * A 32-bit seed from a sequence number of any safe size and a salt. Sequence numbers start at
 * the run's start time in ms (about 2^41), so multiplying them into a seed would lose the low
 * bits to floating point; the two halves are mixed separately instead (murmur3's finaliser).
 */
export function seedOf(seq: number, salt: number): number {
  const low = seq >>> 0;
  const high = Math.floor(seq / 4294967296) >>> 0;
  let h = Math.imul(low ^ salt, 0x85ebca6b) ^ Math.imul(high + 0x9e3779b9, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
