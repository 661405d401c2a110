/**
 * `POST /v1/slack/interactivity`: the Slack app's Interactivity request URL. No API Gateway
 * auth: every request is verified by its Slack signature (the Events API's verification,
 * functions/lib/slack) before anything else is read. Slack sends
 * `application/x-www-form-urlencoded` with one field, `payload`, holding the JSON
 * (https://api.slack.com/interactivity/handling#payloads).
 *
 * - 401 `{ error: "invalid_signature" }`: missing, forged or stale signature; nothing produced.
 * - 400: no `payload` field, `payload` not JSON, a label button whose value is not one we wrote,
 *   or no user.
 * - a `block_actions` click on "Right" / "Wrong" of a feedback notification: a label event with
 *   source `slack` and the clicker's user id, then 200 (Slack wants an answer within 3 s).
 * - anything else (other interactions, other buttons): 200, nothing produced.
 * - 503 when the topic did not acknowledge: Slack shows the user an error and they can click again.
 *
 * It does not rewrite the message through `response_url` ("Labelled … by @user"): that is a
 * second HTTP call to Slack inside the 3 s, and the label is visible in `GET /v1/feedback`.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LabelAction, LabelSource, LabelValidationError, parseLabelButtonValue } from '../lib/feedback-labels/index.js';
import { HttpError } from '../lib/http/index.js';
import { verifiedSlackBody } from '../lib/slack/index.js';
import { type LabelIngestOptions, produceLabel } from './produce-label.js';

/** Slack's interaction payloads carry the whole message; larger than this is not Slack. */
export const MAX_INTERACTIVITY_BODY_BYTES = 256 * 1024;

const LABEL_ACTIONS: ReadonlySet<unknown> = new Set(Object.values(LabelAction));
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface InteractivityOptions extends LabelIngestOptions {
  /** The app's signing secret (default in the handler: the `slack-signing-secret` secret). */
  signingSecret: () => Promise<string>;
  logger: Logger;
}

/** The payload fields read here. */
interface BlockActionsPayload {
  type?: unknown;
  user?: { id?: unknown };
  actions?: { action_id?: unknown; value?: unknown }[];
}

export function interactivityRoute(options: InteractivityOptions) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body = await verifiedSlackBody(event, MAX_INTERACTIVITY_BODY_BYTES, options);
    const payload = formPayload(body);
    if (payload.type !== 'block_actions') return ignore(options.logger, `interaction type ${String(payload.type)}`);
    const action = Array.isArray(payload.actions)
      ? payload.actions.find((a) => LABEL_ACTIONS.has(a?.action_id))
      : undefined;
    if (action === undefined) return ignore(options.logger, 'no label button in the actions');
    let button: ReturnType<typeof parseLabelButtonValue>;
    try {
      button = parseLabelButtonValue(action.value);
    } catch (error) {
      if (!(error instanceof LabelValidationError)) throw error;
      throw new HttpError(400, 'invalid_label', error.message, { field: error.field, cause: error });
    }
    const user = payload.user?.id;
    if (typeof user !== 'string' || user === '') {
      throw new HttpError(400, 'invalid_label', 'user.id must be the Slack user who clicked', { field: 'user.id' });
    }
    await produceLabel(options, { ...button, source: LabelSource.SLACK, user });
    return { statusCode: 200 };
  };
}

/** The JSON of the form's `payload` field; 400 when there is none or it is not a JSON object. */
function formPayload(body: Buffer): BlockActionsPayload {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch (error) {
    throw new HttpError(400, 'invalid_body', 'request body is not valid UTF-8', { cause: error });
  }
  const raw = new URLSearchParams(text).get('payload');
  if (raw === null) {
    throw new HttpError(400, 'invalid_body', 'expected a form body with a "payload" field', { field: 'payload' });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `payload is not valid JSON: ${(error as Error).message}`, {
      field: 'payload',
      cause: error,
    });
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new HttpError(400, 'invalid_body', 'payload must be a JSON object', { field: 'payload' });
  }
  return payload as BlockActionsPayload;
}

function ignore(logger: Logger, why: string): APIGatewayProxyStructuredResultV2 {
  logger.debug('Slack interaction acknowledged, not a label', { why });
  return { statusCode: 200 };
}
