/**
 * Errors of the query API. Requests it refuses are `HttpError`s (functions/lib/http), which
 * `apiHandler` turns into `{ error, message, field? }`; the rest are deployment faults.
 */

import { HttpError } from '../lib/http/index.js';

/** Base class of the query API's own (non-HTTP) errors. */
export class QueryApiError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'QueryApiError';
  }
}

/** The function is deployed without a table it reads. */
export class QueryApiConfigError extends QueryApiError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'QueryApiConfigError';
  }
}

/** A query parameter that is malformed, out of range or repeated: 400 naming it. */
export class BadParameterError extends HttpError {
  constructor(field: string, message: string, options?: ErrorOptions) {
    super(400, 'bad_request', message, { ...options, field });
    this.name = 'BadParameterError';
  }
}

/** A metric that infra/pipeline.ts does not declare: 404 naming `metric`. */
export class UnknownMetricError extends HttpError {
  constructor(metric: string) {
    super(404, 'not_found', `no metric ${JSON.stringify(metric.slice(0, 200))}`, { field: 'metric' });
    this.name = 'UnknownMetricError';
  }
}

/** An air-quality location that infra/pipeline.ts does not declare: 404 naming `location`. */
export class UnknownLocationError extends HttpError {
  constructor(location: string, known: readonly string[]) {
    super(
      404,
      'not_found',
      `no location ${JSON.stringify(location.slice(0, 200))}; declared: ${known.join(', ') || 'none'}`,
      { field: 'location' },
    );
    this.name = 'UnknownLocationError';
  }
}

/** A route key this function does not answer (API Gateway routes only the declared ones here). */
export class UnknownRouteError extends HttpError {
  constructor(routeKey: string) {
    super(404, 'not_found', `no route ${JSON.stringify(routeKey.slice(0, 200))}`);
    this.name = 'UnknownRouteError';
  }
}
