import type { SparseFeatures } from '../../../functions/lib/sentiment/index.js';

/** A binary logistic regression over sparse features: P(positive | x) = σ(w·x + b). */
export interface LogisticModel {
  /** One weight per feature index (float32, as exported to ONNX). */
  weights: Float32Array;
  bias: number;
}

export interface TrainOptions {
  /** Size of the feature space (`weights.length`). */
  featureCount: number;
  /** L2 penalty λ on the weights (not the bias), of the objective mean log-loss + λ/2·‖w‖². */
  l2: number;
  /** Stop after this many L-BFGS iterations (default 1000). */
  maxIterations?: number;
  /** Stop when the largest gradient component is below this (default 1e-6). */
  gradientTolerance?: number;
  /** L-BFGS memory: correction pairs kept (default 10). */
  memory?: number;
  /** Fit the bias (default true); false pins it at 0. */
  fitBias?: boolean;
  /**
   * Weight of each row in the mean log-loss (default 1 each): a row of weight k counts as k
   * copies of it. The retrainer weights labelled feedback this way (retrain-config.ts).
   */
  sampleWeights?: ArrayLike<number>;
}

export interface TrainResult {
  model: LogisticModel;
  /** Objective value at the optimum. */
  objective: number;
  iterations: number;
}

/** Numerically stable log(1 + e^u). */
function softplus(u: number): number {
  return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The model's probability of the positive class, summed in float64 over the float32 weights. */
export function predictProbability(model: LogisticModel, x: SparseFeatures): number {
  let z = model.bias;
  for (let j = 0; j < x.indices.length; j++)
    z += (model.weights[x.indices[j] as number] as number) * (x.values[j] as number);
  return sigmoid(z);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/**
 * Fits the model by minimising mean log-loss + λ/2·‖w‖² with L-BFGS (Nocedal & Wright,
 * Numerical Optimization, algorithm 7.4, backtracking Armijo line search). Full batch and
 * deterministic: the same rows give the same weights. The problem is strictly convex, so
 * this is the one optimum, not wherever SGD stopped. Only the features that occur in `rows`
 * are optimised; the rest keep weight 0, which is their optimum under L2.
 */
export function trainLogistic(
  rows: readonly SparseFeatures[],
  labels: ArrayLike<0 | 1>,
  options: TrainOptions,
): TrainResult {
  const { featureCount, l2 } = options;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.gradientTolerance ?? 1e-6;
  const memory = options.memory ?? 10;
  const fitBias = options.fitBias ?? true;
  const n = rows.length;
  const sampleWeights = options.sampleWeights;
  // Unweighted, every weight is exactly 1 and the total exactly n, so the arithmetic (and the
  // shipped model's bytes) is what it was before weights existed.
  let totalWeight = n;
  if (sampleWeights) {
    totalWeight = 0;
    for (let i = 0; i < n; i++) totalWeight += sampleWeights[i] as number;
  }

  // Compact the active features into 0..d-1; the bias is parameter d.
  const local = new Int32Array(featureCount).fill(-1);
  const active: number[] = [];
  const rowLocal = rows.map((row) => {
    const out = new Int32Array(row.indices.length);
    for (let j = 0; j < row.indices.length; j++) {
      const g = row.indices[j] as number;
      if (local[g] === -1) {
        local[g] = active.length;
        active.push(g);
      }
      out[j] = local[g] as number;
    }
    return out;
  });
  const d = active.length;
  const p = d + 1;
  const margins = new Float64Array(n);

  const evaluate = (x: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const idx = rowLocal[i] as Int32Array;
      const vals = (rows[i] as SparseFeatures).values;
      let z = x[d] as number;
      for (let j = 0; j < idx.length; j++) z += (x[idx[j] as number] as number) * (vals[j] as number);
      margins[i] = z;
      const y = labels[i] as number;
      const weight = sampleWeights ? (sampleWeights[i] as number) : 1;
      loss += weight * softplus(y === 1 ? -z : z);
      const r = (weight * (sigmoid(z) - y)) / totalWeight;
      for (let j = 0; j < idx.length; j++) (grad[idx[j] as number] as number) += r * (vals[j] as number);
      if (fitBias) (grad[d] as number) += r;
    }
    let penalty = 0;
    for (let k = 0; k < d; k++) {
      const w = x[k] as number;
      penalty += w * w;
      (grad[k] as number) += l2 * w;
    }
    return loss / totalWeight + (l2 / 2) * penalty;
  };

  let x = new Float64Array(p);
  let g = new Float64Array(p);
  let f = evaluate(x, g);
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const rhos: number[] = [];
  const direction = new Float64Array(p);
  const alpha = new Float64Array(memory);
  let iterations = 0;

  for (; iterations < maxIterations; iterations++) {
    let gmax = 0;
    for (let k = 0; k < p; k++) gmax = Math.max(gmax, Math.abs(g[k] as number));
    if (gmax < tolerance) break;

    // Two-loop recursion: direction = -H·g.
    for (let k = 0; k < p; k++) direction[k] = -(g[k] as number);
    for (let m = ss.length - 1; m >= 0; m--) {
      const a = (rhos[m] as number) * dot(ss[m] as Float64Array, direction);
      alpha[m] = a;
      const y = ys[m] as Float64Array;
      for (let k = 0; k < p; k++) (direction[k] as number) -= a * (y[k] as number);
    }
    if (ss.length > 0) {
      const last = ss.length - 1;
      const gamma =
        dot(ss[last] as Float64Array, ys[last] as Float64Array) /
        dot(ys[last] as Float64Array, ys[last] as Float64Array);
      for (let k = 0; k < p; k++) (direction[k] as number) *= gamma;
    } else {
      const norm = Math.sqrt(dot(g, g));
      for (let k = 0; k < p; k++) (direction[k] as number) /= Math.max(norm, 1);
    }
    for (let m = 0; m < ss.length; m++) {
      const b = (rhos[m] as number) * dot(ys[m] as Float64Array, direction);
      const s = ss[m] as Float64Array;
      for (let k = 0; k < p; k++) (direction[k] as number) += ((alpha[m] as number) - b) * (s[k] as number);
    }

    const slope = dot(g, direction);
    let step = 1;
    const xNext = new Float64Array(p);
    const gNext = new Float64Array(p);
    let fNext = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 50; tries++) {
      for (let k = 0; k < p; k++) xNext[k] = (x[k] as number) + step * (direction[k] as number);
      fNext = evaluate(xNext, gNext);
      if (fNext <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNext < f)) break;

    const s = new Float64Array(p);
    const y = new Float64Array(p);
    for (let k = 0; k < p; k++) {
      s[k] = (xNext[k] as number) - (x[k] as number);
      y[k] = (gNext[k] as number) - (g[k] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (ss.length === memory) {
        ss.shift();
        ys.shift();
        rhos.shift();
      }
      ss.push(s);
      ys.push(y);
      rhos.push(1 / sy);
    }
    const converged = f - fNext <= 1e-12 * Math.max(1, Math.abs(f));
    x = xNext;
    g = gNext;
    f = fNext;
    if (converged) break;
  }

  const weights = new Float32Array(featureCount);
  for (let k = 0; k < d; k++) weights[active[k] as number] = x[k] as number;
  return { model: { weights, bias: Math.fround(x[d] as number) }, objective: f, iterations };
}
