/** Errors of the air-quality retrainer (retrain.ts and the training-set runners). */
export class AirRetrainError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirRetrainError';
  }
}

/** An Athena query of the training set did not succeed. */
export class AirAthenaQueryError extends AirRetrainError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirAthenaQueryError';
  }
}
