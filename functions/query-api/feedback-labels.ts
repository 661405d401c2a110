/**
 * The latest label of each feedback item on a page, from the `feedback-labels` table (one
 * BatchGet: a page holds at most `MAX_FEEDBACK_LIMIT` = 100 ids, BatchGet's own limit). Labels
 * live apart from the feedback, so a label that came before its feedback is joined here as
 * soon as the feedback is stored.
 */

import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FeedbackLabelItem } from '../label-store/label-table.js';

/** A feedback item's latest label, as the API returns it. */
export interface LabelView {
  /** What a person said the feedback really was: `positive` or `negative`. */
  label: string;
  /** Where it was given: `api` or `slack`. */
  source: string;
  /** Who gave it, when known (the Slack user id). */
  user?: string;
  /** When it was given, ISO 8601 UTC. */
  ts: string;
}

/** Attempts at keys DynamoDB leaves unprocessed (under throttling) before the request fails. */
const MAX_ATTEMPTS = 5;

export async function latestLabels(
  dynamo: DynamoDBDocumentClient,
  table: string,
  ids: readonly string[],
): Promise<Map<string, LabelView>> {
  const labels = new Map<string, LabelView>();
  let keys: Record<string, unknown>[] = [...new Set(ids)].map((feedbackId) => ({ feedbackId }));
  for (let attempt = 1; keys.length > 0; attempt++) {
    if (attempt > MAX_ATTEMPTS) throw new Error(`${keys.length} label key(s) stayed unprocessed`);
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * 2 ** (attempt - 2)));
    const page = await dynamo.send(
      new BatchGetCommand({
        RequestItems: {
          [table]: {
            Keys: keys,
            ProjectionExpression: 'feedbackId, #label, #source, #user, #ts',
            ExpressionAttributeNames: { '#label': 'label', '#source': 'source', '#user': 'user', '#ts': 'ts' },
          },
        },
      }),
    );
    for (const item of (page.Responses?.[table] ?? []) as FeedbackLabelItem[]) {
      labels.set(item.feedbackId, {
        label: item.label,
        source: item.source,
        ...(typeof item.user === 'string' ? { user: item.user } : {}),
        ts: item.ts,
      });
    }
    keys = (page.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
  }
  return labels;
}
