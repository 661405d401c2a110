/** Base class for every error raised by the relay checkpoint store. */
export class RelayCheckpointError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RelayCheckpointError';
  }
}

/**
 * The run's checkpoint write was refused because its lease is gone: it expired and another
 * run took the stream over. This run stops; the other continues from the last checkpoint.
 */
export class RelayLeaseLostError extends RelayCheckpointError {
  /** The checkpoint item's key (the stream URL, or the source and query it stands for). */
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
