/** Errors of the sentiment retrainer (retrain.ts and the training-set runners). */
export class RetrainError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetrainError';
  }
}

/** An Athena query of the training set did not succeed. */
export class AthenaQueryError extends RetrainError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AthenaQueryError';
  }
}
