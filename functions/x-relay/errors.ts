/** Base class for every error raised by the X relay. */
export class XRelayError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'XRelayError';
  }
}

/** The function is deployed without what it needs (API URL, queries, run length, table). */
export class XRelayConfigError extends XRelayError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'XRelayConfigError';
  }
}

/**
 * X refused the request in a way waiting will not fix (401/403: the token; 400: the query).
 * The run stops with it, so the failure shows as a failed invoke and not as a quiet zero.
 */
export class XApiRefusedError extends XRelayError {
  /** HTTP status of the answer. */
  readonly status: number;

  constructor(status: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'XApiRefusedError';
    this.status = status;
  }
}
