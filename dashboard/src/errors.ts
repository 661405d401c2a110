/** Errors of the dashboard page. Each says which request failed, so the status line can too. */
export class DashboardError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DashboardError';
  }
}

/** The query API could not be reached, answered with an error status, or sent an unexpected body. */
export class QueryApiError extends DashboardError {
  /** HTTP status, when the API answered at all. */
  readonly status: number | undefined;

  constructor(message: string, options: ErrorOptions & { status?: number } = {}) {
    super(message, options);
    this.name = 'QueryApiError';
    this.status = options.status;
  }
}

/** `config.json` exists but does not hold a valid configuration. */
export class DashboardConfigError extends DashboardError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DashboardConfigError';
  }
}
