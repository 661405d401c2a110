/** Base class for every error raised by the sentiment scorer. */
export class SentimentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SentimentError';
  }
}

/**
 * The model could not be read or is not a sentiment model this scorer can run: the file is
 * missing, the bytes are not an ONNX model, the metadata lacks a feature version, or the
 * graph does not have the `indices`/`values` inputs and the `score` output.
 */
export class SentimentModelError extends SentimentError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SentimentModelError';
  }
}

/**
 * The model was trained on features this code cannot compute (its `featureVersion` metadata
 * names another tokenizer/featurizer). Scoring it would give numbers that mean nothing, so the
 * scorer refuses it; deploy code that knows the version first, then the model.
 */
export class UnknownFeatureVersionError extends SentimentModelError {
  /** The version the model asks for. */
  readonly featureVersion: string;
  /** The versions this code can compute. */
  readonly known: readonly string[];

  constructor(featureVersion: string, known: readonly string[], options?: ErrorOptions) {
    super(
      `sentiment model needs feature version ${JSON.stringify(featureVersion)}, this scorer knows ${known.map((k) => JSON.stringify(k)).join(', ')}`,
      options,
    );
    this.name = 'UnknownFeatureVersionError';
    this.featureVersion = featureVersion;
    this.known = known;
  }
}

/** `score` was handed something other than an array of strings. */
export class SentimentInputError extends SentimentError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SentimentInputError';
  }
}

/**
 * A published model the scorer will not switch to: its model card is missing a version or
 * contradicts the ONNX metadata (a half-finished upload), it reuses the version of the model
 * in use with other bytes (scored items would not say which model scored them), or its smoke
 * run gives scores that are not numbers in 0..1.
 */
export class SentimentModelRefusedError extends SentimentModelError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SentimentModelRefusedError';
  }
}
