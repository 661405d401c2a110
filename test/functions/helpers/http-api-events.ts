import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import httpApiEventFixture from '../../events/http-api-event.json' with { type: 'json' };

/** A request to an HTTP API route: path parameters, and query parameters in order (a name may repeat). */
export interface RouteRequest {
  pathParameters?: Record<string, string>;
  query?: [string, string][] | Record<string, string>;
}

/**
 * A fresh copy of test/events/http-api-event.json (an IAM-authorized `GET /v1/health`, payload
 * 2.0) for `routeKey`, with the path and query string API Gateway would give it: the raw query
 * string as sent, `queryStringParameters` decoded and a repeated name's values joined by commas.
 */
export function httpApiEvent(routeKey: string, request: RouteRequest = {}): APIGatewayProxyEventV2 {
  const event = structuredClone(httpApiEventFixture) as unknown as APIGatewayProxyEventV2;
  const [method = 'GET', template = '/'] = routeKey.split(' ');
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(request.pathParameters?.[name] ?? ''),
  );
  const pairs = Array.isArray(request.query) ? request.query : Object.entries(request.query ?? {});
  const raw = new URLSearchParams(pairs).toString();
  const joined: Record<string, string> = {};
  for (const [name, value] of pairs) joined[name] = name in joined ? `${joined[name]},${value}` : value;
  event.routeKey = routeKey;
  event.rawPath = path;
  event.rawQueryString = raw;
  event.requestContext.routeKey = routeKey;
  event.requestContext.http.method = method;
  event.requestContext.http.path = path;
  if (pairs.length > 0) event.queryStringParameters = joined;
  if (request.pathParameters) event.pathParameters = request.pathParameters;
  return event;
}
