/** Base class for errors of the label-store function. */
export class LabelStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LabelStoreError';
  }
}
