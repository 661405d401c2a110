/**
 * The linear part of a forecast model, in the units of the features: each missing value is
 * replaced by `imputed` (the feature's mean over the training rows, ONNX ai.onnx.ml Imputer),
 * then `intercept + Σ coefficients·x` (ONNX LinearRegressor). Parameters are float32-representable,
 * as they are stored in the ONNX file.
 */
export interface LinearPart {
  /** Per feature: the value a missing one is replaced by, which is also its mean over the training rows. */
  imputed: Float64Array;
  coefficients: Float64Array;
  intercept: number;
}

/** x[offset + f], or its imputed value when missing. */
const imputedValue = (part: LinearPart, x: ArrayLike<number>, offset: number, f: number): number => {
  const v = x[offset + f] as number;
  return Number.isNaN(v) ? (part.imputed[f] as number) : v;
};

/** The linear part's prediction for one row, in float64. */
export function predictLinear(part: LinearPart, x: ArrayLike<number>, offset = 0): number {
  let sum = part.intercept;
  for (let f = 0; f < part.coefficients.length; f++) {
    const c = part.coefficients[f] as number;
    if (c !== 0) sum += c * imputedValue(part, x, offset, f);
  }
  return sum;
}

/**
 * E[linear part] over the training rows. Mean imputation keeps each feature's mean, so the
 * expectation is the prediction at the imputed values.
 */
export function linearExpectation(part: LinearPart): number {
  let sum = part.intercept;
  for (let f = 0; f < part.coefficients.length; f++)
    sum += (part.coefficients[f] as number) * (part.imputed[f] as number);
  return sum;
}

/**
 * Adds the exact Shapley values of the linear part to `phi`: for a linear model with
 * (interventional or, for independent features, conditional) expectation over the training
 * rows, feature f contributes coefficient_f · (x_f − E[x_f]), with x_f imputed when missing.
 */
export function addLinearShap(part: LinearPart, x: ArrayLike<number>, offset: number, phi: Float64Array): void {
  for (let f = 0; f < part.coefficients.length; f++) {
    const c = part.coefficients[f] as number;
    if (c !== 0) phi[f] = (phi[f] as number) + c * (imputedValue(part, x, offset, f) - (part.imputed[f] as number));
  }
}
