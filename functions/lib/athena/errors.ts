/** An Athena query did not succeed: it failed, was cancelled, or was still running at its deadline. */
export class AthenaQueryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AthenaQueryError';
  }
}
