/**
 * The flags `air-anomalies` holds for a location's hours: one Query per location and batch (its
 * items sort by `<hour>#<pollutant>`, so the batch's hours of a location are one key range),
 * read consistently after the batch's sensor updates have stored their flags. What a re-sent,
 * replayed or retried hour is forwarded with, so it carries the flags it was judged with.
 */

import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckFlag } from '../lib/air-records/index.js';
import type { AnomalyFlagItem } from './flag-item.js';

export interface StoredFlagsTable {
  dynamo: DynamoDBDocumentClient;
  /** Physical name of the `air-anomalies` table. */
  table: string;
}

/** A location's flags with their hour in [from, to] (both `YYYY-MM-DDTHH:00:00Z`), keyed by `at` (`<hour>#<pollutant>`). */
export async function storedFlags(
  store: StoredFlagsTable,
  location: string,
  from: string,
  to: string,
): Promise<Map<string, CheckFlag>> {
  const out = new Map<string, CheckFlag>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.dynamo.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: '#location = :location AND #at BETWEEN :from AND :to',
        ExpressionAttributeNames: {
          '#location': 'location',
          '#at': 'at',
          '#kind': 'kind',
          '#score': 'score',
          '#reason': 'reason',
        },
        // `~` sorts after every pollutant key, so the range ends after the last hour's flags.
        ExpressionAttributeValues: { ':location': location, ':from': `${from}#`, ':to': `${to}#~` },
        ProjectionExpression: '#at, #kind, #score, #reason',
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of (page.Items ?? []) as Pick<AnomalyFlagItem, 'at' | 'kind' | 'score' | 'reason'>[])
      out.set(item.at, { kind: item.kind, score: item.score, reason: item.reason });
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return out;
}
