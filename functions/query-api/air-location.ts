/** The declared air-quality location a request names (infra/pipeline.ts `locations`), or 404. */

import type { LocationSpec } from '../../infra/pipeline/types.js';
import { UnknownLocationError } from './errors.js';

/** A declared location as the air routes answer it. */
export interface AirLocationView {
  name: string;
  /** WGS84 degrees. */
  lat: number;
  lon: number;
  description: string;
}

/** Every declared location, in declaration order. */
export function declaredLocations(locations: Record<string, LocationSpec>): AirLocationView[] {
  return Object.entries(locations).map(([name, l]) => ({ name, lat: l.lat, lon: l.lon, description: l.description }));
}

export function locationNamed(locations: Record<string, LocationSpec>, name: string | undefined): AirLocationView {
  // hasOwn: a path parameter such as "constructor" must not find Object.prototype's.
  const spec = name !== undefined && Object.hasOwn(locations, name) ? locations[name] : undefined;
  if (name === undefined || spec === undefined) throw new UnknownLocationError(name ?? '', Object.keys(locations));
  return { name, lat: spec.lat, lon: spec.lon, description: spec.description };
}
