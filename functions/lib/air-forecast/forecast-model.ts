import { addLinearShap, type LinearPart, linearExpectation, predictLinear } from './linear.js';
import { type ShapValues, treeShapExplainer } from './tree-shap.js';
import { predictRow, type TreeEnsemble } from './trees.js';

/**
 * A forecast model as the scorer runs it: an optional linear part (the base the trees were
 * boosted from) plus the tree ensemble, both on the same feature row. Forecast = linear(x) +
 * trees(x); a model without a linear part (tandem-air-pm10-next-day 1.0.0) is trees alone.
 */
export interface ForecastModel {
  featureCount: number;
  linear: LinearPart | undefined;
  trees: TreeEnsemble;
}

/** The model's forecast for one row, in float64. */
export function predictForecastRow(model: ForecastModel, x: ArrayLike<number>, offset = 0): number {
  return (model.linear ? predictLinear(model.linear, x, offset) : 0) + predictRow(model.trees, x, offset);
}

/** Forecasts for `rows` rows of `featureCount` features each, row-major. */
export function predictForecastRows(model: ForecastModel, x: Float32Array, rows: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = predictForecastRow(model, x, r * model.featureCount);
  return out;
}

/**
 * Exact Shapley values of the whole model: Shapley values add over a sum of models, so each
 * feature's contribution is its TreeSHAP value plus its linear value, coefficient·(x − mean),
 * and the base value is E[linear] + the trees' base value. baseValue + Σ = the forecast.
 */
export function forecastExplainer(model: ForecastModel): (x: ArrayLike<number>, offset?: number) => ShapValues {
  const trees = treeShapExplainer(model.trees);
  const linear = model.linear;
  const linearBase = linear ? linearExpectation(linear) : 0;
  return (x, offset = 0) => {
    const shap = trees(x, offset);
    if (!linear) return shap;
    addLinearShap(linear, x, offset, shap.contributions);
    return { baseValue: shap.baseValue + linearBase, contributions: shap.contributions };
  };
}
