/** Base class for every error raised by the PM10 forecast code. */
export class AirForecastError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirForecastError';
  }
}

/**
 * The model could not be read or is not a forecast model this code can run: missing file,
 * bytes that are not ONNX, no TreeEnsembleRegressor, or metadata without a feature version.
 */
export class AirForecastModelError extends AirForecastError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirForecastModelError';
  }
}

/** The model was trained on features this code cannot compute (another FEATURE_VERSION). */
export class UnknownFeatureVersionError extends AirForecastModelError {
  /** The version the model asks for. */
  readonly featureVersion: string;

  constructor(featureVersion: string, known: readonly string[], options?: ErrorOptions) {
    super(
      `air forecast model needs feature version ${JSON.stringify(featureVersion)}, this code knows ${known.map((k) => JSON.stringify(k)).join(', ')}`,
      options,
    );
    this.name = 'UnknownFeatureVersionError';
    this.featureVersion = featureVersion;
  }
}

/**
 * A reading the forecast feed cannot take: bad shape, a date before the day already open
 * (input must come in date order, or a forecast could see its own future), or a second
 * reading of a station for the same day.
 */
export class ReadingError extends AirForecastError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReadingError';
  }
}

/**
 * A published model a running forecaster will not swap to: its card and ONNX file disagree,
 * it reuses the version in use with other bytes, or its smoke forecast is not a number.
 */
export class AirForecastModelRefusedError extends AirForecastModelError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirForecastModelRefusedError';
  }
}
