/**
 * `POST /v1/feedback/{id}/label` with `{"label": "positive" | "negative"}` → a label event on
 * `feedback-labels` (IAM or JWT auth on AWS, like the feedback ingest).
 *
 * - 202 `{ id, label, ts }`: the broker acknowledged the label. The feedback need not exist
 *   yet: the label is kept and shown once it does. Labelling again is safe: the latest wins.
 * - 400 `{ error, message, field }`: not UTF-8 JSON, not an object, or `label` not one of the two.
 * - 413: a body over `MAX_LABEL_BODY_BYTES`.
 * - 503: the topic did not acknowledge; the client may retry.
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  LabelSource,
  LabelValidationError,
  validateFeedbackId,
  validateLabelValue,
} from '../lib/feedback-labels/index.js';
import { HttpError, jsonBody, jsonResponse, requestBody } from '../lib/http/index.js';
import { type LabelIngestOptions, produceLabel } from './produce-label.js';

/** A label body is one short field; anything near this is not one. */
export const MAX_LABEL_BODY_BYTES = 4 * 1024;

export function labelRoute(options: LabelIngestOptions) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body = jsonBody(requestBody(event, MAX_LABEL_BODY_BYTES));
    let id: string;
    let label: ReturnType<typeof validateLabelValue>;
    try {
      id = validateFeedbackId(event.pathParameters?.id, 'id');
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new LabelValidationError({ field: '(body)', message: 'expected a JSON object {"label": …}' });
      }
      label = validateLabelValue((body as { label?: unknown }).label);
    } catch (error) {
      if (!(error instanceof LabelValidationError)) throw error;
      throw new HttpError(400, 'invalid_label', error.message, { field: error.field, cause: error });
    }
    const produced = await produceLabel(options, { feedbackId: id, label, source: LabelSource.API });
    return jsonResponse(202, { id, label, ts: produced.ts });
  };
}
