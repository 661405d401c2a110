/** Base class for every error raised by the event-stream client. */
export class SseError extends Error {
  /** Whether reconnecting may help (a dropped connection, a 503), as opposed to a request the server refuses. */
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SseError';
    this.retryable = retryable;
  }
}

/** The server answered with something other than `200` and a `text/event-stream` body. */
export class SseHttpError extends SseError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** Its `Content-Type`, if any. */
  readonly contentType: string | null;

  constructor(url: string, status: number, contentType: string | null, retryable: boolean) {
    super(
      status === 200
        ? `${url} answered 200 with Content-Type ${contentType ?? '(none)'}, not text/event-stream`
        : `${url} answered HTTP ${status}`,
      retryable,
      { cause: { package: 'functions/lib/sse', data: { url, status, contentType } } },
    );
    this.name = 'SseHttpError';
    this.status = status;
    this.contentType = contentType;
  }
}

/** The connection failed or broke before or while the stream was read. */
export class SseConnectionError extends SseError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, true, options);
    this.name = 'SseConnectionError';
  }
}

/** The server sent no bytes (not even a comment) for longer than the idle timeout. */
export class SseIdleTimeoutError extends SseError {
  /** The timeout that passed, in milliseconds. */
  readonly idleMs: number;

  constructor(url: string, idleMs: number) {
    super(`${url} sent nothing for ${idleMs} ms`, true);
    this.name = 'SseIdleTimeoutError';
    this.idleMs = idleMs;
  }
}

/** The server closed the stream: the WHATWG client reconnects then, and so does ours. */
export class SseStreamEndedError extends SseError {
  constructor(url: string) {
    super(`${url} closed the stream`, true);
    this.name = 'SseStreamEndedError';
  }
}
