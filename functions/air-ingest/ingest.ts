/**
 * `POST /v1/air/readings`: one reading of a user's own sensor, an `air-quality` record (the
 * shared contract of functions/lib/air-records) → the `air-quality` topic, keyed
 * `<location>|<hour>|sensor:<id>`, on its location's partition (`airPartition`), so a sensor
 * that uploads its hours in order has them judged in order by the hourly anomaly check.
 *
 * - 202 `{ key }`: the broker acknowledged the record. Posting the same reading again is safe:
 *   it has the same key, which is what consumers keep one record per.
 * - 400 `{ error, message, field? }`: not UTF-8 JSON; not a valid record (`field` is the path
 *   at fault, e.g. `readings.pm10.unit`); a source other than `sensor:<id>` (only the poller
 *   speaks for Open-Meteo); an hour more than `MAX_FUTURE_HOURS` ahead of the server's clock.
 * - 413: a body over `MAX_AIR_RECORD_BYTES` (4 KiB).
 * - 503: the topic did not acknowledge; the client may retry the same reading.
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  AIR_RECORD_SCHEMA_VERSION,
  type AirQualityRecord,
  AirRecordValidationError,
  airPartition,
  airRecordKey,
  MAX_AIR_RECORD_BYTES,
  validateAirQualityRecord,
} from '../lib/air-records/index.js';
import { HttpError, jsonBody, jsonResponse, requestBody } from '../lib/http/index.js';
import { KafkaProduceError, type OutgoingRecord } from '../lib/kafka-producer/index.js';

/** The topic readings go to. */
export const AIR_QUALITY_TOPIC = 'air-quality';

/**
 * How far ahead of the server's clock a reading's hour may be. A sensor stamps the hour its
 * values are for, at most the current one; one more hour covers a sensor clock running ahead.
 */
export const MAX_FUTURE_HOURS = 1;

export interface AirIngestOptions {
  /** Produces records to a topic (default in the handler: the container's idempotent producer). */
  produce: (topic: string, records: readonly OutgoingRecord[]) => Promise<void>;
  /** Partitions of `air-quality` (infra/pipeline.ts). */
  airQualityPartitions: number;
  /** The declared locations' names, in infra/pipeline.ts order (a sensor may report under one). */
  declaredLocations: readonly string[];
  now?: () => number;
}

export function ingestAirReading(options: AirIngestOptions) {
  const now = options.now ?? Date.now;
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body = jsonBody(requestBody(event, MAX_AIR_RECORD_BYTES));
    let record: AirQualityRecord;
    try {
      record = validateAirQualityRecord(body);
    } catch (error) {
      if (!(error instanceof AirRecordValidationError)) throw error;
      throw new HttpError(400, 'invalid_reading', error.message, { field: error.field, cause: error });
    }
    if (!record.source.startsWith('sensor:'))
      throw new HttpError(400, 'invalid_reading', 'source must be "sensor:<id>" for a reading posted here', {
        field: 'source',
      });
    if (Date.parse(record.hour) > now() + MAX_FUTURE_HOURS * 3_600_000)
      throw new HttpError(
        400,
        'invalid_reading',
        `hour ${record.hour} is more than ${MAX_FUTURE_HOURS} hour ahead of the server's clock`,
        { field: 'hour' },
      );
    const key = airRecordKey(record);
    try {
      await options.produce(AIR_QUALITY_TOPIC, [
        {
          key,
          value: record,
          partition: airPartition(record.location, options.airQualityPartitions, options.declaredLocations),
          headers: { source: record.source, 'schema-version': String(AIR_RECORD_SCHEMA_VERSION) },
        },
      ]);
    } catch (error) {
      if (!(error instanceof KafkaProduceError)) throw error;
      throw new HttpError(503, 'unavailable', 'the reading could not be stored now; retry the same reading', {
        cause: error,
      });
    }
    return jsonResponse(202, { key });
  };
}
