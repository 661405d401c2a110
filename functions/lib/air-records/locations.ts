/**
 * The declared locations as functions read them: `AIR_LOCATIONS`, a JSON array of
 * `{ name, lat, lon }` that infra/pipeline.ts builds from its `locations` section.
 */

import { AirRecordError } from './errors.js';

/** Environment variable holding the locations. */
export const AIR_LOCATIONS_ENV = 'AIR_LOCATIONS';

/** A declared location. */
export interface AirLocation {
  /** The location's name in infra/pipeline.ts; records carry it. */
  name: string;
  /** Latitude, WGS84 degrees. */
  lat: number;
  /** Longitude, WGS84 degrees. */
  lon: number;
}

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** The locations in `AIR_LOCATIONS`; throws `AirRecordError` saying what is wrong with it. */
export function airLocations(env: NodeJS.ProcessEnv = process.env): AirLocation[] {
  const raw = env[AIR_LOCATIONS_ENV];
  if (!raw) throw new AirRecordError(`${AIR_LOCATIONS_ENV} is not set: declare locations in infra/pipeline.ts`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new AirRecordError(`${AIR_LOCATIONS_ENV} is not JSON`, { cause: error });
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new AirRecordError(`${AIR_LOCATIONS_ENV} must be a non-empty JSON array of { name, lat, lon }`);
  const seen = new Set<string>();
  return parsed.map((item: unknown, i) => {
    const l = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const { name, lat, lon } = l;
    if (typeof name !== 'string' || !NAME.test(name) || seen.has(name))
      throw new AirRecordError(`${AIR_LOCATIONS_ENV}[${i}].name must be a unique lower-case kebab-case name`);
    seen.add(name);
    const degrees = (v: unknown, limit: number) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= limit;
    if (!degrees(lat, 90) || !degrees(lon, 180))
      throw new AirRecordError(`${AIR_LOCATIONS_ENV}[${i}] (${name}): lat must be in -90..90 and lon in -180..180`);
    return { name, lat: lat as number, lon: lon as number };
  });
}
