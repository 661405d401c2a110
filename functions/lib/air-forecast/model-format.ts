/**
 * The contract between the exported ONNX graph and the scorer, in one place (the exporter in
 * models/air-quality/train writes it, the scorer checks it): one ai.onnx.ml
 * TreeEnsembleRegressor node,
 *
 *   features float [N, FEATURE_COUNT]   the rows of writeFeatures, NaN = missing
 *   pm10     float [N, 1]               forecast daily mean PM10 of d+1, µg/m³
 *
 * with BRANCH_LEQ nodes whose true branch is the left child, missing values routed by
 * nodes_missing_value_tracks_true, covers in nodes_hitrates (for TreeSHAP; onnxruntime ignores
 * them), and the learning rate folded into target_weights.
 */
export const AIR_FORECAST_GRAPH = {
  featuresInput: 'features',
  pm10Output: 'pm10',
  opType: 'TreeEnsembleRegressor',
  domain: 'ai.onnx.ml',
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
