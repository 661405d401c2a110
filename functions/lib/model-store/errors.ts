/** Base class for every error raised while locating, checking or reading a model. */
export class ModelStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModelStoreError';
  }
}
