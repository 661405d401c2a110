/** Base class for every error raised by the Jetstream client. */
export class JetstreamError extends Error {
  /** Whether reconnecting may help (a dropped connection, a 503), as opposed to a refusal. */
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JetstreamError';
    this.retryable = retryable;
  }
}

/** The server answered the WebSocket upgrade with an HTTP status instead of switching protocols. */
export class JetstreamHttpError extends JetstreamError {
  readonly status: number;

  constructor(url: string, status: number) {
    super(
      `${url} answered HTTP ${status} to the WebSocket upgrade`,
      status === 408 || status === 429 || status >= 500,
      {
        cause: { package: 'functions/lib/jetstream', data: { url, status } },
      },
    );
    this.name = 'JetstreamHttpError';
    this.status = status;
  }
}

/** The connection failed, closed, or went silent; reconnecting from the cursor may help. */
export class JetstreamConnectionError extends JetstreamError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, true, options);
    this.name = 'JetstreamConnectionError';
  }
}
