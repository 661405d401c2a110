/**
 * `GET /v1/feedback?band=negative&limit=20&cursor=`: scored feedback of one sentiment band,
 * newest `ts` first, from the feedback table's `by-band` GSI (partition `band`, sort `tsUtc`):
 * `{ band, items: [{ id, source, text, ts, score, band, author?, channel?, url?, label? }], cursor }`,
 * `label` being the item's latest label (`{ label, source, user?, ts }`, feedback-labels.ts).
 * `cursor` is null on the last page. The scorer's bookkeeping (source partition and offset,
 * model versions, expiry) stays inside.
 *
 * Expired items are skipped, so a page may take more than one Query; each asks for one item
 * more than is missing, so a full page knows whether another follows instead of handing out a
 * cursor to an empty page.
 */

import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ScoredFeedbackItem } from '../feedback-scorer/scored-feedback.js';
import { jsonResponse } from '../lib/http/index.js';
import { SENTIMENT_BANDS } from '../lib/sentiment/bands.js';
import { BadParameterError } from './errors.js';
import { expressionNames } from './expression-names.js';
import { decodeFeedbackCursor, encodeFeedbackCursor, type FeedbackPosition } from './feedback-cursor.js';
import { type LabelView, latestLabels } from './feedback-labels.js';
import { isoTime, parseInstant } from './instant.js';
import { isLive } from './live-item.js';
import type { QueryApiContext } from './options.js';
import { choiceParameter, integerParameter, queryParameters } from './query-parameters.js';

/** The `by-band` index of the feedback table (infra/pipeline.ts). */
export const FEEDBACK_BAND_INDEX = 'by-band';
/** Most items a page may hold. */
export const MAX_FEEDBACK_LIMIT = 100;
/** Items a page holds when `limit` is not given. */
export const DEFAULT_FEEDBACK_LIMIT = 20;
/** Queries one request may make: a long run of expired items ends the page early, with a cursor. */
const MAX_QUERIES = 10;

/** Feedback as the API returns it. */
export interface FeedbackView {
  /** Feedback id from its source. */
  id: string;
  /** Where it came from (`slack`, `twitter`, `web`, `http`, …). */
  source: string;
  /** What the person wrote. */
  text: string;
  /** When it was written, ISO-8601 in UTC. */
  ts: string;
  /** Probability of positive sentiment, 0..1. */
  score: number;
  /** `negative`, `neutral` or `positive`. */
  band: string;
  /** Who wrote it, when the source says. */
  author?: string;
  /** Where it was written, when the source says. */
  channel?: string;
  /** Link to the original, when there is one. */
  url?: string;
  /** The latest label a person gave it, when one has. */
  label?: LabelView;
}

export async function feedbackRoute(
  event: APIGatewayProxyEventV2,
  context: QueryApiContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const params = queryParameters(event);
  const band = choiceParameter(params, 'band', SENTIMENT_BANDS);
  if (band === undefined) {
    throw new BadParameterError('band', `band is required: one of ${SENTIMENT_BANDS.join(', ')}`);
  }
  const limit = integerParameter(params, 'limit', {
    min: 1,
    max: MAX_FEEDBACK_LIMIT,
    fallback: DEFAULT_FEEDBACK_LIMIT,
  });
  const cursor = params.get('cursor');
  const after = cursor === undefined ? undefined : decodeFeedbackCursor(cursor, band);

  const page = await readBand(context.dynamo, {
    table: context.tables.feedback,
    band,
    limit,
    after,
    nowMs: context.now(),
  });
  const labels =
    page.items.length === 0
      ? new Map<string, LabelView>()
      : await latestLabels(
          context.dynamo,
          context.tables.feedbackLabels,
          page.items.map((item) => String(item.id)),
        );
  return jsonResponse(200, {
    band,
    items: page.items.map((item) => feedbackView(item, labels.get(String(item.id)))),
    cursor: page.next === undefined ? null : encodeFeedbackCursor(page.next),
  });
}

interface BandPage {
  items: Record<string, unknown>[];
  /** Where the next page starts, when there may be one. */
  next?: FeedbackPosition;
}

async function readBand(
  dynamo: DynamoDBDocumentClient,
  request: { table: string; band: string; limit: number; after: FeedbackPosition | undefined; nowMs: number },
): Promise<BandPage> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined = request.after;
  for (let queries = 0; queries < MAX_QUERIES; queries++) {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: request.table,
        IndexName: FEEDBACK_BAND_INDEX,
        KeyConditionExpression: '#band = :band',
        ExpressionAttributeNames: expressionNames<ScoredFeedbackItem>(
          'id',
          'source',
          'text',
          'ts',
          'tsUtc',
          'score',
          'band',
          'author',
          'channel',
          'url',
          'expiresAt',
        ),
        ExpressionAttributeValues: { ':band': request.band },
        ProjectionExpression: '#id, #source, #text, #ts, #tsUtc, #score, #band, #author, #channel, #url, #expiresAt',
        ScanIndexForward: false,
        Limit: request.limit - items.length + 1,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) if (isLive(item, request.nowMs)) items.push(item);
    if (items.length > request.limit) {
      const kept = items.slice(0, request.limit);
      return { items: kept, next: positionOf(kept.at(-1)!) };
    }
    startKey = page.LastEvaluatedKey;
    if (!startKey) return { items };
  }
  return { items, next: positionOf(startKey as Record<string, unknown>) };
}

function positionOf(item: Record<string, unknown>): FeedbackPosition {
  return { id: String(item.id), band: String(item.band), tsUtc: String(item.tsUtc) };
}

function feedbackView(item: Record<string, unknown>, label: LabelView | undefined): FeedbackView {
  const ts = String(item.ts);
  // Stored as the source sent it (any offset); answered in UTC like every other time here.
  const ms = parseInstant(ts);
  return {
    id: String(item.id),
    source: String(item.source),
    text: String(item.text),
    ts: ms === undefined ? ts : isoTime(ms),
    score: Number(item.score),
    band: String(item.band),
    ...(typeof item.author === 'string' ? { author: item.author } : {}),
    ...(typeof item.channel === 'string' ? { channel: item.channel } : {}),
    ...(typeof item.url === 'string' ? { url: item.url } : {}),
    ...(label === undefined ? {} : { label }),
  };
}
