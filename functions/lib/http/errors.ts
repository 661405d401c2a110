/**
 * A request the function answers with an error status (4xx, or 503 when a dependency is down): thrown by request parsing and validation, turned
 * into `{ statusCode, body: { error, message, field? } }` by `apiHandler`.
 */
export class HttpError extends Error {
  /** HTTP status. */
  readonly statusCode: number;
  /** Machine-readable error code (`invalid_feedback`, `payload_too_large`, …). */
  readonly code: string;
  /** The request field at fault, when one is. */
  readonly field?: string;

  constructor(statusCode: number, code: string, message: string, options?: ErrorOptions & { field?: string }) {
    super(message, options);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    if (options?.field !== undefined) this.field = options.field;
  }
}
