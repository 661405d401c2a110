/**
 * air-ingest: `POST /v1/air/readings` (API Gateway HTTP API, IAM auth on AWS) → a user's
 * sensor reading, validated, on the `air-quality` topic. See ingest.ts for the answers it gives.
 */

import { apiHandler } from '../lib/http/index.js';
import { produce } from '../lib/kafka-producer/index.js';
import { ingestAirReading } from './ingest.js';

/** The function's name in infra/pipeline.ts. */
export const AIR_INGEST_FUNCTION = 'air-ingest';

export const handler = apiHandler(ingestAirReading({ produce }), { functionName: AIR_INGEST_FUNCTION });
