/** Errors of the air-quality retrainer (retrain.ts and the training-set runners). */
export class AirRetrainError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirRetrainError';
  }
}
