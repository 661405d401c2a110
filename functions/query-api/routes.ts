/**
 * The query API: one function for every read route of infra/pipeline.ts, dispatched on the
 * HTTP API v2 `routeKey` (the declared route, `GET /v1/windows/{metric}`, not the path).
 * Each route validates its parameters before it reads anything.
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiStep } from '../lib/http/index.js';
import { adviceRoute } from './advice-route.js';
import { airAnomaliesRoute } from './air-anomalies-route.js';
import { airHistoryRoute } from './air-history-route.js';
import { airLocationRoute } from './air-location-route.js';
import { airLocationsRoute } from './air-locations-route.js';
import { UnknownRouteError } from './errors.js';
import { feedbackRoute } from './feedback-route.js';
import { healthRoute } from './health-route.js';
import { metricsRoute } from './metrics-route.js';
import { modelsRoute } from './models-route.js';
import { QUERY_API_DEFAULTS, type QueryApiContext, type QueryApiOptions } from './options.js';
import { topRoute } from './top-route.js';
import { windowsRoute } from './windows-route.js';

type Route = (event: APIGatewayProxyEventV2, context: QueryApiContext) => Promise<APIGatewayProxyStructuredResultV2>;

/** The routes answered, by route key (a test keeps them equal to the query-api routes of infra/pipeline.ts). */
export const QUERY_API_ROUTES: Readonly<Record<string, Route>> = {
  'GET /v1/metrics': metricsRoute,
  'GET /v1/windows/{metric}': windowsRoute,
  'GET /v1/top/{metric}': topRoute,
  'GET /v1/feedback': feedbackRoute,
  'GET /v1/health': healthRoute,
  'GET /v1/models': modelsRoute,
  'GET /v1/air/locations': airLocationsRoute,
  'GET /v1/air/{location}': airLocationRoute,
  'GET /v1/air/{location}/history': airHistoryRoute,
  'GET /v1/advice': adviceRoute,
  'GET /v1/air/anomalies': airAnomaliesRoute,
};

export function queryApi(options: QueryApiOptions): ApiStep {
  const context: QueryApiContext = { ...QUERY_API_DEFAULTS, ...options };
  return async (event) => {
    const route = Object.hasOwn(QUERY_API_ROUTES, event.routeKey) ? QUERY_API_ROUTES[event.routeKey] : undefined;
    if (!route) throw new UnknownRouteError(event.routeKey);
    return route(event, context);
  };
}
