/** Base class for every error raised by the Bluesky relay. */
export class BlueskyRelayError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BlueskyRelayError';
  }
}

/** The function is deployed without what it needs (Jetstream URL, keywords, run length, table). */
export class BlueskyRelayConfigError extends BlueskyRelayError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BlueskyRelayConfigError';
  }
}
