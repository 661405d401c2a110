/**
 * query-api: the read routes of the API (`GET /v1/metrics`, `/v1/windows/{metric}`,
 * `/v1/top/{metric}`, `/v1/feedback`, `/v1/health`, `/v1/air/…`, `/v1/advice`) over the window,
 * feedback and air-quality tables.
 * See routes.ts and the route files for the answers it gives.
 *
 * It does not authenticate callers: API Gateway does (IAM or JWT on AWS, infra/pipeline.ts).
 * It writes nothing, so a retried request is always safe.
 */

import { dynamoDocumentClient } from '../lib/aws/index.js';
import { apiHandler } from '../lib/http/index.js';
import { QUERY_API_FUNCTION, queryApiTables } from './config.js';
import { queryApi } from './routes.js';

export const handler = apiHandler(queryApi({ dynamo: dynamoDocumentClient(), tables: queryApiTables() }), {
  functionName: QUERY_API_FUNCTION,
});
