import { percentile } from './accounting.js';

/**
 * A uniform sample of at most `size` latencies however many are added (reservoir sampling), so
 * a long run's percentiles cost bounded memory.
 */
export interface LatencySample {
  add(ms: number): void;
  /** Nearest-rank percentile of the sample (0 when empty). */
  percentile(p: number): number;
}

export function latencySample(size: number): LatencySample {
  const kept: number[] = [];
  let seen = 0;
  return {
    add(ms) {
      seen++;
      if (kept.length < size) kept.push(ms);
      else {
        const slot = Math.floor(Math.random() * seen);
        if (slot < size) kept[slot] = ms;
      }
    },
    percentile: (p) => percentile(kept, p),
  };
}
