/**
 * One poll: for each declared location, Open-Meteo's Air Quality and Forecast answers → the
 * `air-quality` and `weather` records of the wanted hours (the current UTC hour and the
 * lookback before it), checked by the topics' shared validators, then produced.
 *
 * - A location whose answer fails (an error status after retries, no answer, a malformed
 *   body) is logged and counted; the other locations and the other API of the same location
 *   still produce. A record the contract refuses (a negative model value, say) is logged and
 *   counted, and the rest of the hour's records go out.
 * - Keys are `<location>|<hour>` and a record's content depends only on the answer, so a
 *   re-poll of an hour produces the same key, and the same record unless Open-Meteo revised it.
 *   An `air-quality` record goes to its location's partition (`airPartition`), so a location's
 *   hours stay in order for the hourly anomaly check; `weather` keeps the key's partition.
 * - Records are produced once all locations are polled, one produce per topic, acknowledged
 *   by the broker before the run reports them; a produce failure fails the run (the scheduler
 *   retries it, and the repeats are the idempotent re-poll above).
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import {
  AIR_RECORD_SCHEMA_VERSION,
  type AirLocation,
  AirRecordValidationError,
  airPartition,
  airRecordKey,
  type LocatedHour,
  validateAirQualityRecord,
  validateWeatherRecord,
} from '../lib/air-records/index.js';
import { settleConcurrently } from '../lib/concurrency/index.js';
import type { OutgoingRecord } from '../lib/kafka-producer/index.js';
import { airQualityRecords } from './air-quality-records.js';
import {
  CONCURRENCY,
  MAX_ATTEMPTS,
  type PollerConfig,
  REQUEST_TIMEOUT_MS,
  RESERVE_MS,
  RETRY_BASE_MS,
} from './config.js';
import { fetchJson } from './fetch-json.js';
import { wantedHours } from './hours.js';
import { airQualityUrl, forecastUrl } from './open-meteo-requests.js';
import { weatherRecords } from './weather-records.js';

/** The topics produced to (`produces` of the function in infra/pipeline.ts). */
export const AIR_QUALITY_TOPIC = 'air-quality';
export const WEATHER_TOPIC = 'weather';

/** Which Open-Meteo API an answer came from. */
export type OpenMeteoApi = 'air-quality' | 'forecast';

/** Refused records logged one by one per run; the rest only in the counts. */
const INVALID_LOG_LIMIT = 10;

export interface PollRunOptions {
  config: PollerConfig;
  /** Produces records and resolves once the broker acknowledged them. */
  produce: (topic: string, records: readonly OutgoingRecord[]) => Promise<void>;
  /** Partitions of `air-quality` (infra/pipeline.ts): a location's records go to `airPartition`'s one. */
  airQualityPartitions: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Milliseconds the invoke has left. */
  remainingMs: () => number;
  userAgent: string;
  now?: () => number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** First retry delay without `Retry-After` (default `RETRY_BASE_MS`). */
  retryBaseMs?: number;
  /** Per-request time limit (default `REQUEST_TIMEOUT_MS`). */
  requestTimeoutMs?: number;
  /** Kept back from the invoke's remaining time for producing (default `RESERVE_MS`). */
  reserveMs?: number;
}

/** A location's API that produced nothing this run, and why. */
export interface PollFailure {
  location: string;
  api: OpenMeteoApi;
  /** The error's class (`OpenMeteoResponseError`, `OpenMeteoHttpError`, `OpenMeteoUnreachableError`). */
  error: string;
  message: string;
}

/** What a run did. */
export interface PollSummary {
  /** Locations declared. */
  locations: number;
  /** Locations with both answers read. */
  polled: number;
  /** Records produced per topic. */
  produced: { 'air-quality': number; weather: number };
  /** Records the contract refused, not produced. */
  invalid: number;
  /** Retries of requests. */
  retries: number;
  /** Answers that failed, one per (location, API). */
  failures: PollFailure[];
}

export async function pollRun(options: PollRunOptions): Promise<PollSummary> {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  const hours = wantedHours(now(), config.lookbackHours);
  const declared = config.locations.map((l) => l.name);
  const reserveMs = options.reserveMs ?? RESERVE_MS;
  const summary: PollSummary = {
    locations: config.locations.length,
    polled: 0,
    produced: { 'air-quality': 0, weather: 0 },
    invalid: 0,
    retries: 0,
    failures: [],
  };
  const fetchOptions = {
    timeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    maxAttempts: MAX_ATTEMPTS,
    baseDelayMs: options.retryBaseMs ?? RETRY_BASE_MS,
    budgetMs: () => options.remainingMs() - reserveMs,
    userAgent: options.userAgent,
    onRetry: (notice: { url: string; attempt: number; delayMs: number; reason: string }) => {
      summary.retries++;
      logger.warn('Open-Meteo request failed; retrying', notice);
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    now,
  };

  const poll = async (location: AirLocation, api: OpenMeteoApi): Promise<unknown[]> => {
    try {
      if (api === 'air-quality') {
        const { body } = await fetchJson(airQualityUrl(config.airUrl, location), fetchOptions);
        return airQualityRecords(body, location, hours);
      }
      const { body } = await fetchJson(forecastUrl(config.forecastUrl, location), fetchOptions);
      return weatherRecords(body, location, hours);
    } catch (error) {
      const failure = { location: location.name, api, error: (error as Error).name, message: (error as Error).message };
      summary.failures.push(failure);
      logger.error('Open-Meteo answer not usable; the location is skipped this run', failure);
      return [];
    }
  };

  const polled = await settleConcurrently(config.locations, CONCURRENCY, async (location) => {
    const [air, weather] = [await poll(location, 'air-quality'), await poll(location, 'forecast')];
    if (!summary.failures.some((f) => f.location === location.name)) summary.polled++;
    return { air, weather };
  });
  const air: OutgoingRecord[] = [];
  const weather: OutgoingRecord[] = [];
  for (const result of polled) {
    // poll() catches per answer, so a rejection here is a bug, not an answer: fail the run.
    if (result.status === 'rejected') throw result.reason;
    for (const candidate of result.value.air) accept(candidate, validateAirQualityRecord, air, true);
    for (const candidate of result.value.weather) accept(candidate, validateWeatherRecord, weather, false);
  }

  function accept(
    candidate: unknown,
    validate: (value: unknown) => LocatedHour,
    into: OutgoingRecord[],
    byLocation: boolean,
  ): void {
    try {
      const record = validate(candidate);
      into.push({
        key: airRecordKey(record),
        value: record,
        headers: { source: record.source, 'schema-version': String(AIR_RECORD_SCHEMA_VERSION) },
        ...(byLocation ? { partition: airPartition(record.location, options.airQualityPartitions, declared) } : {}),
      });
    } catch (error) {
      if (!(error instanceof AirRecordValidationError)) throw error;
      summary.invalid++;
      if (summary.invalid <= INVALID_LOG_LIMIT) {
        const { location, hour } = candidate as LocatedHour;
        logger.warn('record refused by its contract; not produced', {
          location,
          hour,
          field: error.field,
          reason: error.message,
        });
      }
    }
  }

  if (air.length > 0) await options.produce(AIR_QUALITY_TOPIC, air);
  summary.produced['air-quality'] = air.length;
  if (weather.length > 0) await options.produce(WEATHER_TOPIC, weather);
  summary.produced.weather = weather.length;
  logger.info('air poll done', { ...summary });
  return summary;
}
