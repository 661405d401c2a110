import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { riderAdvice } from '../../../functions/lib/air-quality/index.js';
import { localTableName } from '../../../infra/local/provision.js';
import { forecastItem, NOW, putForecasts, seedBerlin } from '../helpers/air-api.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';
import { queryApiClient, stubQuietEnvironment } from '../helpers/query-api-client.js';

const ROUTE = 'GET /v1/advice';

interface AdviceAnswer {
  query: { lat: number; lon: number };
  location: { name: string };
  distanceKm: number;
  now: Record<string, unknown> | null;
  forecast: Record<string, unknown> | null;
  field?: string;
  error?: string;
  message?: string;
}

describe('GET /v1/advice', () => {
  let services: FeedbackServices;
  let api: ReturnType<typeof queryApiClient>;
  const advice = (query: Record<string, string> | [string, string][]) => api.get<AdviceAnswer>(ROUTE, { query });

  beforeAll(async () => {
    stubQuietEnvironment();
    services = await startFeedbackServices();
    api = queryApiClient({ documents: services.documents, tableName: localTableName }, { now: () => NOW });
    await seedBerlin(services);
    await putForecasts(services, [forecastItem('berlin', '2026-11-11', 75)]);
  }, 30_000);

  afterAll(async () => {
    await services?.close();
    vi.unstubAllEnvs();
  });

  it('answers the nearest location, how far it is, and its advice now and tomorrow', async () => {
    // Prepare
    const [item] = await services.scan('air-now');
    const now = item!.now as { hour: string; usAqi: number };
    const tomorrow = forecastItem('berlin', '2026-11-11', 75);

    // Act: Potsdam, Sanssouci.
    const answer = await advice({ lat: '52.4045', lon: '13.0384' });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.query).toEqual({ lat: 52.4045, lon: 13.0384 });
    expect(answer.body.location).toEqual({ name: 'berlin', lat: 52.52, lon: 13.405, description: 'Berlin, Mitte' });
    // 27.96 km: the haversine formula on the 6,371.0088 km sphere, worked separately with Python's math module.
    expect(answer.body.distanceKm).toBe(27.96);
    expect(answer.body.now).toMatchObject({ hour: now.hour, usAqi: now.usAqi, advice: { ...riderAdvice(now.usAqi) } });
    expect(answer.body.forecast).toEqual({
      date: '2026-11-11',
      pm10: 75,
      usAqi: tomorrow.usAqi,
      category: expect.objectContaining({ key: tomorrow.usCategory }),
      advice: tomorrow.advice,
      reasons: tomorrow.reasons,
    });
  });

  it('picks each declared place for a point beside it, 0 km from it, and a place without data with nulls', async () => {
    // Act
    const waldhof = await advice({ lat: '52.8008', lon: '10.7567' });
    const munich = await advice({ lat: '+48.2', lon: '11.6' });
    const hamburg = await advice({ lat: '53.55', lon: '10' });

    // Assess
    expect(waldhof.body).toMatchObject({ location: { name: 'waldhof' }, distanceKm: 0, now: null, forecast: null });
    expect(munich.body.location.name).toBe('munich');
    expect(hamburg.body.location.name).toBe('hamburg');
  });

  it.each([
    [{ lon: '13' }, 'lat', 'lat must be decimal degrees in -90..90, got nothing'],
    [{ lat: '52' }, 'lon', 'lon must be decimal degrees in -180..180, got nothing'],
    [{ lat: '90.5', lon: '0' }, 'lat', 'lat must be decimal degrees in -90..90, got "90.5"'],
    [{ lat: '0', lon: '-180.0001' }, 'lon', 'lon must be decimal degrees in -180..180, got "-180.0001"'],
    [{ lat: '1e1', lon: '0' }, 'lat', 'lat must be decimal degrees in -90..90, got "1e1"'],
    [{ lat: 'NaN', lon: '0' }, 'lat', 'lat must be decimal degrees in -90..90, got "NaN"'],
    [{ lat: 'Infinity', lon: '0' }, 'lat', 'lat must be decimal degrees in -90..90, got "Infinity"'],
    [{ lat: ' 52', lon: '0' }, 'lat', 'lat must be decimal degrees in -90..90, got " 52"'],
    [{ lat: '0x10', lon: '0' }, 'lat', 'lat must be decimal degrees in -90..90, got "0x10"'],
    [{ lat: '', lon: '0' }, 'lat', 'lat must be decimal degrees in -90..90, got ""'],
    [{ lat: '52,5', lon: '0' }, 'lat', 'lat must be decimal degrees in -90..90, got "52,5"'],
    [
      [
        ['lat', '52'],
        ['lat', '53'],
        ['lon', '13'],
      ],
      'lat',
      'lat must be given once, got 2 values',
    ],
  ] as const)('answers 400 naming the coordinate for %j', async (query, field, message) => {
    // Act
    const answer = await advice(query as Record<string, string> | [string, string][]);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'bad_request', field, message });
  });
});
