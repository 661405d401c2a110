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

/**
 * The filtered stream's rules could not be read or changed for a reason waiting may fix (429,
 * 5xx, the network): the run reads nothing and the next one tries again.
 */
export class XStreamRulesUnavailableError extends XRelayError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'XStreamRulesUnavailableError';
  }
}

/** A filtered-stream connection ended or could not be made; `failure` says how to back off. */
export class XStreamConnectionError extends XRelayError {
  /** The kind of failure (reconnect-delay.ts). */
  readonly failure: 'dropped' | 'network' | 'http' | 'rate-limited';
  /** HTTP status of the answer (0: none). */
  readonly status: number;
  /** When X's rate-limit window resets, epoch milliseconds, if it said. */
  readonly resetAt: number | undefined;

  constructor(
    failure: XStreamConnectionError['failure'],
    status: number,
    message: string,
    options?: ErrorOptions & { resetAt?: number | undefined },
  ) {
    super(message, options);
    this.name = 'XStreamConnectionError';
    this.failure = failure;
    this.status = status;
    this.resetAt = options?.resetAt;
  }
}
