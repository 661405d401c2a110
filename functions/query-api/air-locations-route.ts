/**
 * `GET /v1/air/locations`: every declared location (infra/pipeline.ts `locations`: name, lat,
 * lon, description) with its air now when it has readings: `{ locations: [{ name, lat, lon,
 * description, now: { hour, usAqi, category: { key, name, colour }, dominant, eaqi } | null }] }`.
 * One BatchGetItem on `air-now`.
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jsonResponse } from '../lib/http/index.js';
import { declaredLocations } from './air-location.js';
import { readAirNows } from './air-now-read.js';
import type { QueryApiContext } from './options.js';

export async function airLocationsRoute(
  _event: APIGatewayProxyEventV2,
  context: QueryApiContext,
): Promise<APIGatewayProxyStructuredResultV2> {
  const locations = declaredLocations(context.locations);
  const nows = await readAirNows(
    context.dynamo,
    context.tables.airNow,
    locations.map((l) => l.name),
  );
  return jsonResponse(200, {
    locations: locations.map((l) => {
      const now = nows.get(l.name) ?? null;
      return {
        ...l,
        now:
          now === null
            ? null
            : { hour: now.hour, usAqi: now.usAqi, category: now.category, dominant: now.dominant, eaqi: now.eaqi },
      };
    }),
  });
}
