/**
 * `GET /v1/health`: whether the query API can read DynamoDB, by one GetItem on `window-state`
 * (any key: an absent item costs the same and proves the same).
 *
 * - 200 `{ status: 'ok', time, checks: { dynamodb: 'ok' } }`
 * - 503 `{ status: 'unavailable', time, checks: { dynamodb: '<error name>' } }`, also when
 *   DynamoDB does not answer within `healthTimeoutMs` (`TimeoutError`), so a health check
 *   never hangs until the function's own timeout. A network error's name is only `Error`, so
 *   its code (`ECONNREFUSED`, …) is given instead.
 */

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jsonResponse } from '../lib/http/index.js';
import { isoTime } from './instant.js';
import type { QueryApiContext } from './options.js';

/** The key read: no metric is called this, so nothing real is read. */
const PROBE_KEY = { metric: '(health)' };

export async function healthRoute(
  _event: unknown,
  context: QueryApiContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  let dynamodb = 'ok';
  const deadline = AbortSignal.timeout(context.healthTimeoutMs);
  try {
    await context.dynamo.send(new GetCommand({ TableName: context.tables.windowState, Key: PROBE_KEY }), {
      abortSignal: deadline,
    });
  } catch (error) {
    // The SDK reports its aborted request as an AbortError; what happened is that time ran out.
    dynamodb = deadline.aborted ? 'TimeoutError' : errorName(error);
  }
  const time = isoTime(context.now());
  const headers = { 'cache-control': 'no-store' };
  return dynamodb === 'ok'
    ? jsonResponse(200, { status: 'ok', time, checks: { dynamodb } }, headers)
    : jsonResponse(503, { status: 'unavailable', time, checks: { dynamodb } }, headers);
}

function errorName(error: unknown): string {
  if (!(error instanceof Error)) return 'Error';
  const code = (error as { code?: unknown }).code;
  return error.name === 'Error' && typeof code === 'string' ? code : error.name;
}
