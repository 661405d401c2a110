/**
 * `POST /v1/slack/events`: the Slack Events API request URL. No API Gateway auth: every
 * request is verified by its Slack signature instead, before anything else is read.
 *
 * - 401 `{ error: "invalid_signature" }`: missing, forged or stale (over 5 minutes)
 *   signature; nothing is produced.
 * - `url_verification`: 200 with the challenge.
 * - a channel message: produced to `feedback` as `{ id, source: "slack", text, ts, author, channel }`,
 *   then 200. Messages that are not valid feedback (empty, over 4,000 characters) are logged
 *   and acknowledged, since a Slack retry would not change them.
 * - anything else: 200, nothing produced.
 * - 503 when the topic did not acknowledge: Slack retries (`X-Slack-Retry-Num`) with the same
 *   event id, so the retry produces the same feedback id.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { FeedbackValidationError, validateFeedback } from '../lib/feedback/index.js';
import { HttpError, header, jsonBody, jsonResponse } from '../lib/http/index.js';
import { KafkaProduceError, type OutgoingRecord } from '../lib/kafka-producer/index.js';
import { verifiedSlackBody } from '../lib/slack/index.js';
import { type SlackEnvelope, slackAction } from './slack-event.js';

/** The topic feedback goes to. */
export const FEEDBACK_TOPIC = 'feedback';

/** Slack's own cap on an Events API request body is far below this; larger is not Slack. */
export const MAX_SLACK_BODY_BYTES = 256 * 1024;

export interface SlackEventsOptions {
  /** The app's signing secret (default in the handler: the `slack-signing-secret` secret). */
  signingSecret: () => Promise<string>;
  produce: (topic: string, records: readonly OutgoingRecord[]) => Promise<void>;
  logger: Logger;
  now?: () => number;
}

export function slackEvents(options: SlackEventsOptions) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body = await verifiedSlackBody(event, MAX_SLACK_BODY_BYTES, options);
    const envelope = jsonBody(body);
    if (typeof envelope !== 'object' || envelope === null) {
      throw new HttpError(400, 'invalid_body', 'expected a JSON object');
    }
    const action = slackAction(envelope as SlackEnvelope);
    if (action.kind === 'challenge') return jsonResponse(200, { challenge: action.challenge });
    if (action.kind === 'ignore') return jsonResponse(200, { ok: true });
    let feedback: ReturnType<typeof validateFeedback>;
    try {
      feedback = validateFeedback(action.feedback);
    } catch (error) {
      if (!(error instanceof FeedbackValidationError)) throw error;
      options.logger.warn('Slack message is not valid feedback; acknowledged, not produced', {
        field: error.field,
        message: error.message,
        id: action.feedback.id,
      });
      return jsonResponse(200, { ok: true });
    }
    try {
      await options.produce(FEEDBACK_TOPIC, [{ key: feedback.id, value: feedback, headers: { source: 'slack' } }]);
    } catch (error) {
      if (!(error instanceof KafkaProduceError)) throw error;
      throw new HttpError(503, 'unavailable', 'feedback could not be stored now', { cause: error });
    }
    if (header(event, 'x-slack-retry-num') !== undefined) {
      options.logger.info('Slack retry produced again; the id dedupes it downstream', {
        id: feedback.id,
        retry: header(event, 'x-slack-retry-num'),
        reason: header(event, 'x-slack-retry-reason'),
      });
    }
    return jsonResponse(200, { ok: true });
  };
}
