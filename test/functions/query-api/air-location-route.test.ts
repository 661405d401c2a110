import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { riderAdvice, US_AQI_CATEGORIES } from '../../../functions/lib/air-quality/index.js';
import { localTableName } from '../../../infra/local/provision.js';
import { pipeline } from '../../../infra/pipeline.js';
import {
  BERLIN_WEATHER,
  FIRST_HOUR,
  forecastItem,
  HOUR_MS,
  HOURS,
  hourValues,
  NOW,
  putForecasts,
  seedBerlin,
} from '../helpers/air-api.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';
import { queryApiClient, stubQuietEnvironment } from '../helpers/query-api-client.js';

const ROUTE = 'GET /v1/air/{location}';

/** The answer's fields the tests read by path. */
interface AirAnswer {
  location: unknown;
  readings: unknown;
  now: { advice: { mask: string } } | null;
  forecast: { advice: { mask: string } } | null;
  weather: unknown;
}

describe('GET /v1/air/{location}', () => {
  let services: FeedbackServices;
  let api: ReturnType<typeof queryApiClient>;
  let airNowItem: Record<string, unknown>;
  const air = (location: string) => api.get<AirAnswer>(ROUTE, { pathParameters: { location } });

  beforeAll(async () => {
    stubQuietEnvironment();
    services = await startFeedbackServices();
    api = queryApiClient({ documents: services.documents, tableName: localTableName }, { now: () => NOW });
    await seedBerlin(services);
    [airNowItem] = (await services.scan('air-now')) as [Record<string, unknown>];
  }, 30_000);

  beforeEach(async () => {
    const items = await services.scan('air-forecasts');
    await Promise.all(
      items.map((i) =>
        services.documents.send(
          new DeleteCommand({
            TableName: localTableName('air-forecasts'),
            Key: { location: i.location, date: i.date },
          }),
        ),
      ),
    );
  });

  afterAll(async () => {
    await services?.close();
    vi.unstubAllEnvs();
  });

  it('answers the latest readings, the AQI now with its colour and advice, tomorrow’s forecast and the latest weather', async () => {
    // Prepare
    await putForecasts(services, [
      forecastItem('berlin', '2026-11-09', 31),
      forecastItem('berlin', '2026-11-10', 44),
      forecastItem('berlin', '2026-11-11', 171),
    ]);
    const last = hourValues(HOURS - 1);
    const now = airNowItem.now as {
      hour: string;
      usAqi: number;
      category: string;
      dominant: string;
      eaqiLevel: number;
    };

    // Act
    const answer = await air('berlin');

    // Assess
    expect(answer.status).toBe(200);
    const body = answer.body;
    expect(body.location).toEqual({ name: 'berlin', lat: 52.52, lon: 13.405, description: 'Berlin, Mitte' });
    const hour = new Date(FIRST_HOUR + (HOURS - 1) * HOUR_MS).toISOString();
    expect(body.readings).toEqual({
      pm25: { value: last.pm25, unit: 'µg/m³', hour },
      pm10: { value: last.pm10, unit: 'µg/m³', hour },
      o3: { value: last.o3, unit: 'ppb', hour },
      no2: { value: last.no2, unit: 'ppb', hour },
      so2: { value: last.so2, unit: 'ppb', hour },
      co: { value: last.co, unit: 'ppm', hour },
    });
    // What air-windows computed, with EPA's name and colour and the advice for it.
    expect(now.usAqi).toBeGreaterThan(0);
    const category = US_AQI_CATEGORIES.find((c) => c.key === now.category)!;
    expect(body.now).toMatchObject({
      hour: now.hour,
      usAqi: now.usAqi,
      category: { key: category.key, name: category.name, colour: category.hex },
      dominant: now.dominant,
      eaqi: { level: now.eaqiLevel },
      advice: { ...riderAdvice(now.usAqi) },
    });
    // Tomorrow's forecast, though today's exists too.
    const tomorrow = forecastItem('berlin', '2026-11-11', 171);
    expect(body.forecast).toMatchObject({
      date: '2026-11-11',
      basedOn: '2026-11-10',
      pm10: 171,
      usAqi: tomorrow.usAqi,
      category: { key: tomorrow.usCategory, colour: US_AQI_CATEGORIES.find((c) => c.key === tomorrow.usCategory)!.hex },
      eaqi: { level: tomorrow.eaqi.level, category: tomorrow.eaqi.category },
      advice: tomorrow.advice,
      reasons: tomorrow.reasons,
      baseValue: tomorrow.baseValue,
      withWeather: true,
      modelVersion: '2026-11-01.1',
    });
    expect(body.forecast?.advice.mask).not.toBe(body.now?.advice.mask);
    const { schemaVersion: _, location: __, lat: ___, lon: ____, source: _____, ...weather } = BERLIN_WEATHER;
    expect(body.weather).toEqual(weather);
  });

  it('answers the latest forecast not in the past while tomorrow’s is not made, and none when all are past', async () => {
    // Prepare
    await putForecasts(services, [forecastItem('berlin', '2026-11-09', 31), forecastItem('berlin', '2026-11-10', 44)]);

    // Act
    const today = await air('berlin');
    await putForecasts(services, [forecastItem('berlin', '2026-11-12', 60)]);
    const ahead = await air('berlin');
    await putForecasts(services, [forecastItem('berlin', '2026-11-11', 20)]);
    const tomorrow = await air('berlin');
    await putForecasts(services, [forecastItem('hamburg', '2026-11-09', 31)]);
    const past = await air('hamburg');

    // Assess
    expect(today.body.forecast).toMatchObject({ date: '2026-11-10', pm10: 44, basedOn: '2026-11-09' });
    expect(ahead.body.forecast).toMatchObject({ date: '2026-11-12', pm10: 60 });
    expect(tomorrow.body.forecast).toMatchObject({ date: '2026-11-11', pm10: 20 });
    expect(past.body.forecast).toBeNull();
  });

  it('answers nulls for a declared location without data', async () => {
    // Act
    const answer = await air('waldhof');

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      location: { name: 'waldhof', ...pipeline.locations!.waldhof },
      readings: { pm25: null, pm10: null, o3: null, no2: null, so2: null, co: null },
      now: null,
      forecast: null,
      weather: null,
    });
  });

  it.each(['atlantis', 'constructor', '__proto__', 'Berlin', ''])(
    'answers 404 naming the location for %j',
    async (name) => {
      // Act
      const answer = await air(name);

      // Assess
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        error: 'not_found',
        field: 'location',
        message: `no location ${JSON.stringify(name)}; declared: berlin, munich, hamburg, waldhof`,
      });
    },
  );
});
