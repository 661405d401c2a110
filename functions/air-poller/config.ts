import { type AirLocation, airLocations } from '../lib/air-records/index.js';
import { AirPollerConfigError } from './errors.js';

/** The poller's name in infra/pipeline.ts. */
export const AIR_POLLER_FUNCTION = 'air-poller';

/** Environment variable with the Air Quality API's URL (tests and `npm start` may point it at a local server). */
export const OPEN_METEO_AIR_URL_ENV = 'OPEN_METEO_AIR_URL';

/** Environment variable with the Forecast API's URL. */
export const OPEN_METEO_FORECAST_URL_ENV = 'OPEN_METEO_FORECAST_URL';

/** Environment variable with how many past hours (the current one included) each run produces. */
export const LOOKBACK_HOURS_ENV = 'AIR_POLL_LOOKBACK_HOURS';

/** One request's time limit, ms; a slow answer is retried like a failed one. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** Attempts per request, the first included. */
export const MAX_ATTEMPTS = 4;

/** First retry delay, ms; it doubles per retry unless the server's `Retry-After` says otherwise. */
export const RETRY_BASE_MS = 500;

/** Time kept back at the end of the invoke for producing what was polled, ms. */
export const RESERVE_MS = 8_000;

/** Locations polled at once: two requests each, polite to a free API. */
export const CONCURRENCY = 2;

/** The poller's settings, read once per container. */
export interface PollerConfig {
  airUrl: string;
  forecastUrl: string;
  locations: AirLocation[];
  lookbackHours: number;
}

/** The settings from the environment; throws `AirPollerConfigError` naming what is missing or wrong. */
export function pollerConfig(env: NodeJS.ProcessEnv = process.env): PollerConfig {
  const url = (name: string) => {
    const value = env[name];
    if (!value || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
      throw new AirPollerConfigError(`${name} must be an http(s) URL, got "${value ?? ''}"`);
    return value;
  };
  const rawLookback = env[LOOKBACK_HOURS_ENV];
  const lookbackHours = Number(rawLookback);
  // past_days=1 is requested, so at most 24 past hours are in every answer.
  if (!rawLookback || !Number.isInteger(lookbackHours) || lookbackHours < 1 || lookbackHours > 24)
    throw new AirPollerConfigError(`${LOOKBACK_HOURS_ENV} must be an integer 1..24, got "${rawLookback ?? ''}"`);
  let locations: AirLocation[];
  try {
    locations = airLocations(env);
  } catch (error) {
    throw new AirPollerConfigError((error as Error).message, { cause: error });
  }
  return {
    airUrl: url(OPEN_METEO_AIR_URL_ENV),
    forecastUrl: url(OPEN_METEO_FORECAST_URL_ENV),
    locations,
    lookbackHours,
  };
}
