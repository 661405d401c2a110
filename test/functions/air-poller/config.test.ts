import { describe, expect, it } from 'vitest';
import { pollerConfig } from '../../../functions/air-poller/config.js';
import { AirPollerConfigError } from '../../../functions/air-poller/errors.js';
import { pipeline } from '../../../infra/pipeline.js';

const declared = () => ({ ...pipeline.functions['air-poller']?.environment });

describe('pollerConfig', () => {
  it('reads the declared environment', () => {
    // Act
    const config = pollerConfig(declared());

    // Assess
    expect(config.airUrl).toBe('https://air-quality-api.open-meteo.com/v1/air-quality');
    expect(config.forecastUrl).toBe('https://api.open-meteo.com/v1/forecast');
    expect(config.lookbackHours).toBe(3);
    expect(config.locations.length).toBeGreaterThanOrEqual(3);
  });

  it('names what is missing or wrong', () => {
    // Prepare
    const cases: [Record<string, string | undefined>, string][] = [
      [{ OPEN_METEO_AIR_URL: undefined }, 'OPEN_METEO_AIR_URL must be an http(s) URL, got ""'],
      [{ OPEN_METEO_FORECAST_URL: 'ftp://x' }, 'OPEN_METEO_FORECAST_URL must be an http(s) URL, got "ftp://x"'],
      [{ AIR_POLL_LOOKBACK_HOURS: '25' }, 'AIR_POLL_LOOKBACK_HOURS must be an integer 1..24, got "25"'],
      [{ AIR_LOCATIONS: '[]' }, 'AIR_LOCATIONS must be a non-empty JSON array of { name, lat, lon }'],
      [{ AIR_LOCATIONS: '{' }, 'AIR_LOCATIONS is not JSON'],
      [
        { AIR_LOCATIONS: '[{"name":"a","lat":0,"lon":0},{"name":"a","lat":1,"lon":1}]' },
        'AIR_LOCATIONS[1].name must be a unique lower-case kebab-case name',
      ],
      [
        { AIR_LOCATIONS: '[{"name":"a","lat":0,"lon":200}]' },
        'AIR_LOCATIONS[0] (a): lat must be in -90..90 and lon in -180..180',
      ],
    ];

    // Act
    const messages = cases.map(([change]) => {
      try {
        pollerConfig({ ...declared(), ...change });
        return 'accepted';
      } catch (error) {
        return error instanceof AirPollerConfigError ? error.message : `other: ${(error as Error).message}`;
      }
    });

    // Assess
    expect(messages).toEqual(cases.map(([, message]) => message));
  });
});
