/**
 * The contract between the exported ONNX graph and the scorer, in one place (the exporter in
 * models/sentiment/train writes it, the scorer checks it). A batch of N texts is passed as its
 * feature vectors back to back (compressed sparse rows), so there is no padding and one very
 * long text costs only its own features:
 *
 *   indices int32 [T]     feature indices of every text, text after text
 *   values  float [T]     their values
 *   offsets int32 [N+1]   text n owns entries offsets[n] … offsets[n+1]-1; offsets[0] = 0, offsets[N] = T
 *   score   float [N]     σ(Σ weights[indices[t]]·values[t] over text n's entries + bias), P(positive)
 */
export const SENTIMENT_GRAPH = {
  indicesInput: 'indices',
  valuesInput: 'values',
  offsetsInput: 'offsets',
  scoreOutput: 'score',
} as const;

/** Keys of the ONNX model's metadata_props. */
export const SENTIMENT_METADATA = {
  /** The model's name, `tandem-sentiment`. */
  name: 'name',
  /** The model's version (semver of the model, not of the code). */
  version: 'version',
  /** FEATURE_VERSION of the featurizer the model was trained with. */
  featureVersion: 'featureVersion',
  /** ISO-8601 time the final model was trained. */
  trainedAt: 'trainedAt',
} as const;

/** File names inside a model directory. */
export const SENTIMENT_MODEL_FILE = 'model.onnx';
export const SENTIMENT_MODEL_CARD_FILE = 'model-card.json';
