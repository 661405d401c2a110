import { DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_REGION, localTableName, provisionTables } from '../../../infra/local/provision.js';
import { type LocalService, startDynamo } from '../../../infra/local/services/dynamodb.js';
import { S3_CREDENTIALS } from '../../../infra/local/services/s3.js';
import { pipeline } from '../../../infra/pipeline.js';

/**
 * dynalite (in memory) with every table of infra/pipeline.ts, created as the local runtime
 * creates them (indexes included), under their local names (`tableName`).
 */
export interface LocalDynamo {
  service: LocalService;
  /** A document client of the test's own, pointed at it. */
  documents: DynamoDBDocumentClient;
  /** Physical name of a pipeline table (`windows` → `tandem-windows`). */
  tableName(table: string): string;
  /** Drops every table and creates them again, empty. */
  reset(): Promise<void>;
  /** Stops the server; `documents` fails from then on. Idempotent. */
  stop(): Promise<void>;
  /** Stops the server and destroys the client. */
  close(): Promise<void>;
}

export async function startLocalDynamo(): Promise<LocalDynamo> {
  const service = await startDynamo();
  await provisionTables(pipeline, service.endpoint);
  const documents = localDocumentClient(service.endpoint);
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= service.close());
  return {
    service,
    documents,
    tableName: localTableName,
    async reset() {
      const { TableNames = [] } = await documents.send(new ListTablesCommand({}));
      for (const TableName of TableNames) await documents.send(new DeleteTableCommand({ TableName }));
      await provisionTables(pipeline, service.endpoint);
    },
    stop,
    async close() {
      documents.destroy();
      await stop();
    },
  };
}

/** A document client for a local DynamoDB endpoint, marshalling as the handlers' own does. */
export function localDocumentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: S3_CREDENTIALS }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
}
