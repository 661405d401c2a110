/**
 * The soak's verdict: does the heap after GC grow with the run? Its slope is fitted by least
 * squares over the second half of the samples, past the warm-up (modules compiled, caches and
 * connection pools filled), and given per hour so runs of any length compare.
 */
export interface HeapPoint {
  elapsedSeconds: number;
  heapAfterGcBytes: number;
}

export interface HeapTrend {
  /** Fitted growth of the heap after GC, MB per hour (negative when it shrinks). */
  slopeMbPerHour: number;
  /** Samples the fit used (the second half of the run). */
  samples: number;
  /** The slope is above `maxSlopeMbPerHour`. */
  growing: boolean;
}

/** The heap slope this verdict tolerates by default, MB per hour: a few MB over a working day. */
export const DEFAULT_MAX_SLOPE_MB_PER_HOUR = 10;

export function heapTrend(points: readonly HeapPoint[], maxSlopeMbPerHour = DEFAULT_MAX_SLOPE_MB_PER_HOUR): HeapTrend {
  const last = points.at(-1)?.elapsedSeconds ?? 0;
  const secondHalf = points.filter((p) => p.elapsedSeconds >= last / 2);
  const used = secondHalf.length >= 3 ? secondHalf : points;
  const slopeMbPerHour = (leastSquaresSlope(used) * 3600) / 1e6;
  return { slopeMbPerHour, samples: used.length, growing: slopeMbPerHour > maxSlopeMbPerHour };
}

/** Bytes per second; 0 with fewer than two points. */
function leastSquaresSlope(points: readonly HeapPoint[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.elapsedSeconds, 0) / n;
  const meanY = points.reduce((s, p) => s + p.heapAfterGcBytes, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.elapsedSeconds - meanX) * (p.heapAfterGcBytes - meanY);
    den += (p.elapsedSeconds - meanX) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
