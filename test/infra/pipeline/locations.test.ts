import { describe, expect, it } from 'vitest';
import { airLocations } from '../../../functions/lib/air-records/index.js';
import { type InvalidPipelineError, type PipelineSpec, validatePipeline } from '../../../infra/pipeline/index.js';
import { pipeline } from '../../../infra/pipeline.js';

describe('pipeline locations', () => {
  it('hands the declared locations to the air poller as AIR_LOCATIONS', () => {
    // Act
    const env = pipeline.functions['air-poller']?.environment ?? {};
    const locations = airLocations(env);

    // Assess
    expect(locations).toEqual(
      Object.entries(pipeline.locations ?? {}).map(([name, { lat, lon }]) => ({ name, lat, lon })),
    );
    expect(locations.map((l) => l.name)).toEqual(expect.arrayContaining(['berlin', 'munich', 'hamburg']));
  });

  it('refuses a location with a bad name, coordinates out of range or no description, each with its path', () => {
    // Prepare
    const bad = structuredClone(pipeline) as PipelineSpec;
    bad.locations = {
      Berlin: { lat: 52.52, lon: 13.4, description: 'capitalised' },
      north: { lat: 91, lon: 0, description: 'past the pole' },
      east: { lat: 0, lon: Number.NaN, description: 'no longitude' },
      blank: { lat: 0, lon: 0, description: ' ' },
      anomalies: { lat: 0, lon: 0, description: 'shadowed by GET /v1/air/anomalies' },
    };

    // Act
    let problems: string[] = [];
    try {
      validatePipeline(bad);
    } catch (error) {
      problems = (error as InvalidPipelineError).problems;
    }

    // Assess
    expect(problems).toEqual([
      'locations.Berlin: names are lower-case kebab-case',
      'locations.north.lat must be a number of degrees in -90..90',
      'locations.east.lon must be a number of degrees in -180..180',
      'locations.blank.description is required',
      'locations.anomalies: "anomalies" is a path of the query API (GET /v1/air/anomalies); pick another name',
    ]);
  });
});
