import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A JSON response in API Gateway HTTP API payload format 2.0. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
