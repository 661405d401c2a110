/**
 * Errors of the local API Gateway. A request it refuses before any function sees it is a
 * `RequestRefusedError`, answered with its status and `{ message, error }`; anything else
 * thrown while answering a request is a fault of ours, answered 500 and logged with its cause.
 */

/** Base class of the local API Gateway's errors. */
export class LocalApiError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalApiError';
  }
}

/** A request the gateway answers with a 4xx itself, without invoking a function. */
export class RequestRefusedError extends LocalApiError {
  /** HTTP status (4xx). */
  readonly statusCode: number;
  /** Machine-readable code, as the functions' own errors carry (`bad_request`, `payload_too_large`). */
  readonly code: string;

  constructor(statusCode: number, code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RequestRefusedError';
    this.statusCode = statusCode;
    this.code = code;
  }
}

/** A request target that is not an origin-form path, or whose percent-escapes are not UTF-8: 400. */
export class MalformedPathError extends RequestRefusedError {
  constructor(message: string, options?: ErrorOptions) {
    super(400, 'bad_request', message, options);
    this.name = 'MalformedPathError';
  }
}

/** A body over the HTTP API payload limit: 413. */
export class PayloadTooLargeError extends RequestRefusedError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `request body is over the limit of ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}
