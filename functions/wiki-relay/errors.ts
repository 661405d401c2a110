/** Base class for every error raised by the Wikimedia relay. */
export class WikiRelayError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WikiRelayError';
  }
}

/** The function is deployed without what it needs (stream URL, run length, checkpoint table). */
export class WikiRelayConfigError extends WikiRelayError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WikiRelayConfigError';
  }
}
