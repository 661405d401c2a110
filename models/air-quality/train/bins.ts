/**
 * Quantile bins per feature for histogram split finding (as in LightGBM / XGBoost `hist`).
 * Bin 0 holds missing values; value bins 1…K hold x with cuts[b-2] < x <= cuts[b-1], so a
 * split "bins 1…k left" is exactly the float32 test x <= cuts[k-1] that the exported trees
 * (BRANCH_LEQ) and onnxruntime apply.
 */
export interface FeatureBins {
  /** Per feature, ascending float32 cut values (at most maxBins - 1). */
  cuts: Float32Array[];
  /** rows × features bin indices, row-major. */
  binned: Uint8Array;
}

/** Cuts from the non-missing values of each feature: every distinct value when few, else quantiles. */
export function quantileCuts(x: Float32Array, rows: number, features: number, maxBins: number): Float32Array[] {
  const cuts: Float32Array[] = [];
  const values = new Float32Array(rows);
  for (let f = 0; f < features; f++) {
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const v = x[r * features + f] as number;
      if (!Number.isNaN(v)) values[n++] = v;
    }
    const sorted = values.subarray(0, n).slice().sort();
    const distinct: number[] = [];
    for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i] as number);
    let chosen: number[];
    if (distinct.length <= maxBins) chosen = distinct.slice(0, -1);
    else {
      chosen = [];
      for (let q = 1; q < maxBins; q++) {
        const v = sorted[Math.min(n - 1, Math.floor((q * n) / maxBins))] as number;
        // The largest value is never a cut: it would leave the last bin empty.
        if (v !== chosen[chosen.length - 1] && v < (sorted[n - 1] as number)) chosen.push(v);
      }
    }
    cuts.push(Float32Array.from(chosen));
  }
  return cuts;
}

/** Bin index of one value: 0 when missing, else 1 + the first cut it does not exceed. */
export function binOf(cuts: Float32Array, v: number): number {
  if (Number.isNaN(v)) return 0;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cuts[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

export function binRows(x: Float32Array, rows: number, cuts: Float32Array[]): Uint8Array {
  const features = cuts.length;
  const binned = new Uint8Array(rows * features);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < features; f++)
      binned[r * features + f] = binOf(cuts[f] as Float32Array, x[r * features + f] as number);
  }
  return binned;
}
