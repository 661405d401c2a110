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

/**
 * The run's checkpoint write was refused because its lease is gone: it expired and another
 * run took the stream over. This run stops; the other continues from the last checkpoint.
 */
export class RelayLeaseLostError extends WikiRelayError {
  /** The checkpoint item's key (the stream URL). */
  readonly stream: string;
  /** The owner this run wrote its lease with. */
  readonly owner: string;

  constructor(stream: string, owner: string, options?: ErrorOptions) {
    super(`the relay lease on ${stream} is no longer held by ${owner}`, options);
    this.name = 'RelayLeaseLostError';
    this.stream = stream;
    this.owner = owner;
  }
}
