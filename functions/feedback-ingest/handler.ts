/**
 * feedback-ingest: `POST /v1/feedback` (API Gateway HTTP API, IAM or JWT auth on AWS) →
 * validated feedback on the `feedback` topic. See ingest.ts for the answers it gives.
 */

import { apiHandler } from '../lib/http/index.js';
import { produce } from '../lib/kafka-producer/index.js';
import { ingestFeedback } from './ingest.js';

/** The function's name in infra/pipeline.ts. */
export const FEEDBACK_INGEST_FUNCTION = 'feedback-ingest';

export const handler = apiHandler(ingestFeedback({ produce }), { functionName: FEEDBACK_INGEST_FUNCTION });
