import {
  FEATURE_COUNT,
  FEATURE_INDEX,
  type FeatureName,
  type ForecastModel,
  type LinearPart,
  predictLinear,
} from '../../../functions/lib/air-forecast/index.js';
import { type GbdtOptions, type GbdtResult, trainGbdt } from './gbdt.js';
import { ridgeLinearPart, trainRidge } from './ridge.js';

/** The linear model the trees are boosted from: ridge on a few features, mean-imputed. */
export interface LinearBaseOptions {
  features: readonly FeatureName[];
  /** Ridge penalty on the standardised features. */
  lambda: number;
}

interface Matrix {
  x: Float32Array;
  y: ArrayLike<number>;
  rows: number;
}

export interface BoostResult {
  model: ForecastModel;
  linear: LinearPart;
  /** The trees' fit (their RMSEs are those of the whole model: the trees fit y − linear). */
  fit: GbdtResult;
}

/** y − linear(x) per row, with the linear part as the ONNX file holds it. */
function residual(linear: LinearPart, data: Matrix): Matrix {
  const y = new Float64Array(data.rows);
  for (let r = 0; r < data.rows; r++) y[r] = (data.y[r] as number) - predictLinear(linear, data.x, r * FEATURE_COUNT);
  return { x: data.x, y, rows: data.rows };
}

/**
 * Boosting from a linear base: ridge on `base.features` first, then trees fitted to its
 * residual (early stopping on `valid` when given). Trees predict levels only within what the
 * training years saw; a linear term in today's PM10 carries a year with lower (or higher)
 * levels through, and the trees learn what is left. The trees see every feature, raw.
 */
export function trainLinearBoost(
  train: Matrix,
  base: LinearBaseOptions,
  options: GbdtOptions,
  valid?: Matrix,
  onTree?: (index: number, trainRmse: number, validRmse: number | undefined) => void,
): BoostResult {
  const only = base.features.map((name) => FEATURE_INDEX[name]);
  const linear = ridgeLinearPart(trainRidge(train.x, train.y, train.rows, FEATURE_COUNT, base.lambda, only));
  const fit = trainGbdt(residual(linear, train), FEATURE_COUNT, options, valid && residual(linear, valid), onTree);
  return { model: { featureCount: FEATURE_COUNT, linear, trees: fit.ensemble }, linear, fit };
}
