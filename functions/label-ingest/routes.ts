/**
 * label-ingest's two routes, dispatched on the HTTP API v2 `routeKey` (the declared route):
 * the label API for people and tools, and the Slack app's interactivity URL for the buttons.
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError } from '../lib/http/index.js';
import { type InteractivityOptions, interactivityRoute } from './interactivity-route.js';
import { labelRoute } from './label-route.js';

/** Route keys, as declared in infra/pipeline.ts (a test keeps the two equal). */
export const LabelRouteKey = {
  API: 'POST /v1/feedback/{id}/label',
  SLACK: 'POST /v1/slack/interactivity',
} as const;

export function labelIngest(options: InteractivityOptions) {
  const routes: Record<string, (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>> = {
    [LabelRouteKey.API]: labelRoute(options),
    [LabelRouteKey.SLACK]: interactivityRoute(options),
  };
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = Object.hasOwn(routes, event.routeKey) ? routes[event.routeKey] : undefined;
    if (!route) throw new HttpError(404, 'not_found', `no route ${event.routeKey}`);
    return route(event);
  };
}
