/**
 * The contract between the exported ONNX graph and the scorer, in one place (the exporter in
 * models/air-quality/train writes it, the scorer checks it):
 *
 *   features float [N, FEATURE_COUNT]   the rows of writeFeatures, NaN = missing
 *   pm10     float [N, 1]               forecast daily mean PM10 of d+1, µg/m³
 *
 *   features → ai.onnx.ml Imputer (NaN → training mean) → features_imputed
 *            → ai.onnx.ml LinearRegressor → pm10_linear
 *   features → ai.onnx.ml TreeEnsembleRegressor → pm10_trees
 *   Add(pm10_linear, pm10_trees) → pm10
 *
 * The trees were boosted from the linear part, so they see the raw features (missing routed
 * as learned) and only the linear part imputes. TreeEnsembleRegressor: BRANCH_LEQ nodes whose
 * true branch is the left child, missing values routed by nodes_missing_value_tracks_true,
 * covers in nodes_hitrates (for TreeSHAP; onnxruntime ignores them), and the learning rate
 * folded into target_weights. A graph of the TreeEnsembleRegressor alone writing pm10
 * (model 1.0.0) is read too.
 */
export const AIR_FORECAST_GRAPH = {
  featuresInput: 'features',
  pm10Output: 'pm10',
  opType: 'TreeEnsembleRegressor',
  domain: 'ai.onnx.ml',
  imputedFeatures: 'features_imputed',
  linearOutput: 'pm10_linear',
  treesOutput: 'pm10_trees',
} as const;

/** Keys of the ONNX model's metadata_props. */
export const AIR_FORECAST_METADATA = {
  name: 'name',
  version: 'version',
  /** FEATURE_VERSION of the features the model was trained on. */
  featureVersion: 'featureVersion',
  /** JSON array of the feature names, in input order. */
  featureNames: 'featureNames',
  trainedAt: 'trainedAt',
} as const;

export const AIR_FORECAST_MODEL_FILE = 'model.onnx';
export const AIR_FORECAST_MODEL_CARD_FILE = 'model-card.json';
