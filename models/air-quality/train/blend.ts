import type { ForecastModel, LinearPart } from '../../../functions/lib/air-forecast/index.js';

/** Blend weights of the boosted model tried on the validation year (the rest goes to ridge). */
export const BLEND_ALPHAS = Array.from({ length: 21 }, (_, i) => i / 20);

/**
 * α·model + (1 − α)·ridge as one model of the same shape: the linear parts are combined
 * coefficient by coefficient and every leaf (and the trees' base score) is scaled by α, so the
 * ONNX graph stays Imputer → LinearRegressor + TreeEnsembleRegressor and TreeSHAP plus the
 * linear SHAP still sum exactly to the prediction. Shrinking the trees toward the full ridge
 * damps what they learnt from the training years' levels. Both linear parts impute the same
 * training means (ridge.ts standardises every feature on the same rows), which is what lets
 * their coefficients be added; values are float32-rounded as ONNX stores them.
 */
export function blendWithRidge(
  model: ForecastModel,
  ridge: LinearPart,
  alpha: number,
): ForecastModel & { linear: LinearPart } {
  const linear = model.linear;
  if (!linear) throw new Error('blendWithRidge: the model has no linear part');
  linear.imputed.forEach((m, f) => {
    if (m !== ridge.imputed[f]) throw new Error(`blendWithRidge: feature ${f} is imputed differently`);
  });
  const mix = (a: number, b: number) => Math.fround(alpha * a + (1 - alpha) * b);
  const trees = model.trees;
  return {
    featureCount: model.featureCount,
    linear: {
      imputed: linear.imputed,
      coefficients: Float64Array.from(linear.coefficients, (c, f) => mix(c, ridge.coefficients[f] as number)),
      intercept: mix(linear.intercept, ridge.intercept),
    },
    trees: {
      featureCount: trees.featureCount,
      baseScore: Math.fround(alpha * trees.baseScore),
      trees: trees.trees.map((tree) => ({
        ...tree,
        value: Float64Array.from(tree.value, (v) => Math.fround(alpha * v)),
      })),
    },
  };
}

/** The α of BLEND_ALPHAS with the lowest RMSE of α·model + (1 − α)·ridge against `y` (the validation year). */
export function pickBlendAlpha(
  model: ArrayLike<number>,
  ridge: ArrayLike<number>,
  y: ArrayLike<number>,
): { alpha: number; rmse: number } {
  let best = { alpha: 1, rmse: Number.POSITIVE_INFINITY };
  for (const alpha of BLEND_ALPHAS) {
    let se = 0;
    for (let i = 0; i < y.length; i++) {
      const d = alpha * (model[i] as number) + (1 - alpha) * (ridge[i] as number) - (y[i] as number);
      se += d * d;
    }
    const rmse = Math.sqrt(se / y.length);
    if (rmse < best.rmse) best = { alpha, rmse };
  }
  return best;
}
