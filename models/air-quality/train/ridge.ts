import type { LinearPart } from '../../../functions/lib/air-forecast/index.js';

/**
 * The linear baseline: ridge regression on the same features, each missing value imputed by
 * its training mean, features standardised on the training rows (constant ones, such as the
 * weather fields that are missing everywhere, dropped), intercept not penalised. Solved
 * exactly (normal equations, Cholesky).
 */
export interface RidgeModel {
  mean: Float64Array;
  scale: Float64Array;
  weights: Float64Array;
  intercept: number;
  lambda: number;
}

function standardise(x: Float32Array, rows: number, features: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(features);
  const count = new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < features; f++) {
      const v = x[r * features + f] as number;
      if (!Number.isNaN(v)) {
        mean[f] = (mean[f] as number) + v;
        count[f] = (count[f] as number) + 1;
      }
    }
  }
  for (let f = 0; f < features; f++)
    mean[f] = (count[f] as number) > 0 ? (mean[f] as number) / (count[f] as number) : 0;
  const sq = new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < features; f++) {
      const v = x[r * features + f] as number;
      const d = (Number.isNaN(v) ? (mean[f] as number) : v) - (mean[f] as number);
      sq[f] = (sq[f] as number) + d * d;
    }
  }
  const scale = Float64Array.from(sq, (s) => {
    const sd = Math.sqrt(s / rows);
    return sd > 1e-9 ? 1 / sd : 0;
  });
  return { mean, scale };
}

function row(
  x: Float32Array,
  r: number,
  features: number,
  mean: Float64Array,
  scale: Float64Array,
  out: Float64Array,
): void {
  for (let f = 0; f < features; f++) {
    const v = x[r * features + f] as number;
    out[f] = ((Number.isNaN(v) ? (mean[f] as number) : v) - (mean[f] as number)) * (scale[f] as number);
  }
}

export function trainRidge(
  x: Float32Array,
  y: ArrayLike<number>,
  rows: number,
  features: number,
  lambda: number,
  /** Feature indices the model may use (default all): the others get weight 0. */
  only?: readonly number[],
): RidgeModel {
  const { mean, scale } = standardise(x, rows, features);
  if (only) for (let f = 0; f < features; f++) if (!only.includes(f)) scale[f] = 0;
  let yMean = 0;
  for (let r = 0; r < rows; r++) yMean += y[r] as number;
  yMean /= rows;
  const a = new Float64Array(features * features);
  const b = new Float64Array(features);
  const z = new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    row(x, r, features, mean, scale, z);
    const yr = (y[r] as number) - yMean;
    for (let i = 0; i < features; i++) {
      const zi = z[i] as number;
      if (zi === 0) continue;
      b[i] = (b[i] as number) + zi * yr;
      for (let j = 0; j < features; j++) a[i * features + j] = (a[i * features + j] as number) + zi * (z[j] as number);
    }
  }
  for (let i = 0; i < features; i++)
    a[i * features + i] = (a[i * features + i] as number) + lambda + ((scale[i] as number) === 0 ? 1 : 0);
  // Cholesky: A = L·Lᵀ, then L·u = b, Lᵀ·w = u.
  const l = new Float64Array(features * features);
  for (let i = 0; i < features; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * features + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * features + k] as number) * (l[j * features + k] as number);
      l[i * features + j] = i === j ? Math.sqrt(s) : s / (l[j * features + j] as number);
    }
  }
  const u = new Float64Array(features);
  for (let i = 0; i < features; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * features + k] as number) * (u[k] as number);
    u[i] = s / (l[i * features + i] as number);
  }
  const weights = new Float64Array(features);
  for (let i = features - 1; i >= 0; i--) {
    let s = u[i] as number;
    for (let k = i + 1; k < features; k++) s -= (l[k * features + i] as number) * (weights[k] as number);
    weights[i] = s / (l[i * features + i] as number);
  }
  return { mean, scale, weights, intercept: yMean, lambda };
}

export function predictRidge(model: RidgeModel, x: Float32Array, rows: number, features: number): Float64Array {
  const out = new Float64Array(rows);
  const z = new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    row(x, r, features, model.mean, model.scale, z);
    let s = model.intercept;
    for (let f = 0; f < features; f++) s += (model.weights[f] as number) * (z[f] as number);
    out[r] = s;
  }
  return out;
}

/**
 * The ridge model in the units of the features, float32-rounded as ONNX stores it: missing
 * values imputed by the training means, coefficient = weight · scale, the intercept absorbing
 * the centring. Predictions differ from predictRidge only by that rounding.
 */
export function ridgeLinearPart(model: RidgeModel): LinearPart {
  const coefficients = Float64Array.from(model.weights, (w, f) => Math.fround(w * (model.scale[f] as number)));
  const imputed = Float64Array.from(model.mean, (m) => Math.fround(m));
  let intercept = model.intercept;
  for (let f = 0; f < coefficients.length; f++) intercept -= (coefficients[f] as number) * (imputed[f] as number);
  return { imputed, coefficients, intercept: Math.fround(intercept) };
}
