/**
 * Storing a batch's labels: the latest per feedback id within the batch, then one conditional
 * Put per id that succeeds only when it moves the item's `version` forward (label-table.ts).
 * Lambda runs at most one batch per partition at a time, but the condition, not that, is
 * what keeps the latest: it holds across partitions, replays and reordered deliveries too.
 */

import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { settleConcurrently } from '../lib/concurrency/index.js';
import type { FeedbackLabelItem } from './label-table.js';

export interface LabelStore {
  dynamo: DynamoDBDocumentClient;
  /** Physical name of the `feedback-labels` table. */
  table: string;
}

/** How many items moved forward, and how many the table already held at or past. */
export interface StoredLabels {
  stored: number;
  superseded: number;
}

/** Stores the latest of `items` per feedback id; rejects on the first DynamoDB failure (the batch is retried). */
export async function storeLatestLabels(
  store: LabelStore,
  items: readonly FeedbackLabelItem[],
  options: { concurrency?: number; signal?: AbortSignal } = {},
): Promise<StoredLabels> {
  const latest = new Map<string, FeedbackLabelItem>();
  for (const item of items) {
    const held = latest.get(item.feedbackId);
    if (held === undefined || held.version < item.version) latest.set(item.feedbackId, item);
  }
  const send = options.signal ? { abortSignal: options.signal } : {};
  const outcomes = await settleConcurrently([...latest.values()], options.concurrency ?? 8, async (item) => {
    try {
      await store.dynamo.send(
        new PutCommand({
          TableName: store.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#id) OR #version < :version',
          ExpressionAttributeNames: { '#id': 'feedbackId', '#version': 'version' },
          ExpressionAttributeValues: { ':version': item.version },
        }),
        send,
      );
      return true;
    } catch (error) {
      // The table already holds this label or a later one: nothing to do.
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  });
  let stored = 0;
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') throw outcome.reason;
    if (outcome.value) stored++;
  }
  return { stored, superseded: items.length - stored };
}
