/**
 * `POST /v1/feedback`: one feedback document (JSON) → the `feedback` topic, keyed by its id.
 *
 * - 202 `{ id }`: the broker acknowledged the record. Posting the same id again is safe: the
 *   scorer keeps one item and sends one notification per id.
 * - 400 `{ error, message, field? }`: not UTF-8 JSON, or not valid feedback (the shared
 *   validator of functions/lib/feedback; `field` names the field at fault).
 * - 413: a body over `MAX_FEEDBACK_BYTES` (16 KiB).
 * - 503: the topic did not acknowledge; the client may retry with the same id.
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Feedback, FeedbackValidationError, MAX_FEEDBACK_BYTES, validateFeedback } from '../lib/feedback/index.js';
import { HttpError, jsonBody, jsonResponse, requestBody } from '../lib/http/index.js';
import { KafkaProduceError, type OutgoingRecord } from '../lib/kafka-producer/index.js';

/** The topic feedback goes to. */
export const FEEDBACK_TOPIC = 'feedback';

export interface IngestOptions {
  /** Produces records to a topic (default in the handler: the container's idempotent producer). */
  produce: (topic: string, records: readonly OutgoingRecord[]) => Promise<void>;
}

export function ingestFeedback(options: IngestOptions) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body = jsonBody(requestBody(event, MAX_FEEDBACK_BYTES));
    let feedback: Feedback;
    try {
      feedback = validateFeedback(body);
    } catch (error) {
      if (!(error instanceof FeedbackValidationError)) throw error;
      throw new HttpError(400, 'invalid_feedback', error.message, { field: error.field, cause: error });
    }
    try {
      await options.produce(FEEDBACK_TOPIC, [
        { key: feedback.id, value: feedback, headers: { source: feedback.source } },
      ]);
    } catch (error) {
      if (!(error instanceof KafkaProduceError)) throw error;
      throw new HttpError(503, 'unavailable', 'feedback could not be stored now; retry with the same id', {
        cause: error,
      });
    }
    return jsonResponse(202, { id: feedback.id });
  };
}
