/** Errors of the sentiment retrainer (retrain.ts and the training-set runners). */
export class RetrainError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetrainError';
  }
}
