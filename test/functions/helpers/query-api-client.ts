import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { vi } from 'vitest';
import { apiHandler } from '../../../functions/lib/http/index.js';
import { QUERY_API_FUNCTION } from '../../../functions/query-api/config.js';
import type { QueryApiOptions } from '../../../functions/query-api/options.js';
import { queryApi } from '../../../functions/query-api/routes.js';
import { httpApiEvent, type RouteRequest } from './http-api-events.js';
import { lambdaContext } from './lambda-context.js';
import type { LocalDynamo } from './local-dynamo.js';

/** An answer of the query API: status, headers and the parsed JSON body. */
export interface QueryAnswer<Body = Record<string, unknown>> {
  status: number;
  headers: Record<string, unknown>;
  body: Body;
}

/**
 * The query API's domain step behind the same `apiHandler` middleware the deployed handler has
 * (so refusals come back as `{ error, message, field }`), reading the local DynamoDB's tables.
 * Logs and metrics are expected to be silenced by the caller's environment.
 */
export function queryApiClient(
  dynamo: Pick<LocalDynamo, 'documents' | 'tableName'>,
  options: Partial<QueryApiOptions> & { documents?: DynamoDBDocumentClient } = {},
) {
  const { documents, ...rest } = options;
  const handler = apiHandler(
    queryApi({
      dynamo: documents ?? dynamo.documents,
      tables: {
        windows: dynamo.tableName('windows'),
        windowState: dynamo.tableName('window-state'),
        feedback: dynamo.tableName('feedback'),
        feedbackLabels: dynamo.tableName('feedback-labels'),
        airNow: dynamo.tableName('air-now'),
        airWeather: dynamo.tableName('air-weather'),
        airForecasts: dynamo.tableName('air-forecasts'),
        airAnomalies: dynamo.tableName('air-anomalies'),
      },
      ...rest,
    }),
    { functionName: QUERY_API_FUNCTION },
  );
  return {
    async get<Body = Record<string, unknown>>(
      routeKey: string,
      request: RouteRequest = {},
    ): Promise<QueryAnswer<Body>> {
      const result = (await handler(
        httpApiEvent(routeKey, request),
        lambdaContext(QUERY_API_FUNCTION),
      )) as APIGatewayProxyStructuredResultV2;
      return {
        status: result.statusCode ?? 0,
        headers: result.headers ?? {},
        body: JSON.parse(String(result.body)) as Body,
      };
    },
  };
}

/** Every command a client sends from now on: its name (`QueryCommand`, `GetItemCommand`, …) and input. */
export function recordCommands(client: DynamoDBDocumentClient): { name: string; input: Record<string, unknown> }[] {
  const commands: { name: string; input: Record<string, unknown> }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push({ name: String(context.commandName), input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return commands;
}

/** Silences the handler's logs and metrics and the SDK's Node version notice (`vi.unstubAllEnvs()` undoes it). */
export function stubQuietEnvironment(): void {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
}
