/**
 * air-ingest: `POST /v1/air/readings` (API Gateway HTTP API, IAM auth on AWS) → a user's
 * sensor reading, validated, on the `air-quality` topic. See ingest.ts for the answers it gives.
 */

import { pipeline } from '../../infra/pipeline.js';
import { apiHandler } from '../lib/http/index.js';
import { produce } from '../lib/kafka-producer/index.js';
import { AIR_QUALITY_TOPIC, ingestAirReading } from './ingest.js';

/** The function's name in infra/pipeline.ts. */
export const AIR_INGEST_FUNCTION = 'air-ingest';

// Read from infra/pipeline.ts, bundled with the function: the partition count the topic is
// created with, and the locations in the order `AIR_LOCATIONS` lists them for the poller, so
// both put a declared location's readings on the same partition.
const airQualityPartitions = pipeline.topics[AIR_QUALITY_TOPIC]!.partitions;
const declaredLocations = Object.keys(pipeline.locations ?? {});

export const handler = apiHandler(ingestAirReading({ produce, airQualityPartitions, declaredLocations }), {
  functionName: AIR_INGEST_FUNCTION,
});
