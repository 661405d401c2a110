/** Base class for every error raised by the air poller. */
export class AirPollerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirPollerError';
  }
}

/** The function is deployed without what it needs (API URLs, locations, lookback). */
export class AirPollerConfigError extends AirPollerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirPollerConfigError';
  }
}

/** Open-Meteo answered with an error status, after the retries allowed (or one not worth retrying). */
export class OpenMeteoHttpError extends AirPollerError {
  /** HTTP status of the last answer. */
  readonly status: number;

  constructor(url: string, status: number, detail: string, options?: ErrorOptions) {
    super(`${url} answered ${status}${detail ? `: ${detail}` : ''}`, options);
    this.name = 'OpenMeteoHttpError';
    this.status = status;
  }
}

/** No answer from Open-Meteo: the connection failed or the request timed out, after the retries allowed. */
export class OpenMeteoUnreachableError extends AirPollerError {
  constructor(url: string, options?: ErrorOptions) {
    super(`${url} did not answer`, options);
    this.name = 'OpenMeteoUnreachableError';
  }
}

/** Open-Meteo answered 200 with a body that is not the documented format; `path` names where. */
export class OpenMeteoResponseError extends AirPollerError {
  /** Where in the body the problem is (`hourly.pm10`, `hourly_units.carbon_monoxide`, `(body)`). */
  readonly path: string;

  constructor(path: string, message: string, options?: ErrorOptions) {
    super(`${path}: ${message}`, options);
    this.name = 'OpenMeteoResponseError';
    this.path = path;
  }
}
