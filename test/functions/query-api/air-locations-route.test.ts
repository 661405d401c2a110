import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { US_AQI_CATEGORIES } from '../../../functions/lib/air-quality/index.js';
import { localTableName } from '../../../infra/local/provision.js';
import { pipeline } from '../../../infra/pipeline.js';
import { NOW, seedBerlin } from '../helpers/air-api.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';
import { queryApiClient, stubQuietEnvironment } from '../helpers/query-api-client.js';

describe('GET /v1/air/locations', () => {
  let services: FeedbackServices;
  let api: ReturnType<typeof queryApiClient>;

  beforeAll(async () => {
    stubQuietEnvironment();
    services = await startFeedbackServices();
    api = queryApiClient({ documents: services.documents, tableName: localTableName }, { now: () => NOW });
  }, 30_000);

  afterAll(async () => {
    await services?.close();
    vi.unstubAllEnvs();
  });

  it('lists every declared location, with its AQI now and category colour once it has readings', async () => {
    // Prepare
    const before = await api.get<{ locations: { name: string; now: unknown }[] }>('GET /v1/air/locations');
    await seedBerlin(services);
    const [item] = await services.scan('air-now');
    const now = item!.now as { hour: string; usAqi: number; category: string; dominant: string; eaqiLevel: number };

    // Act
    const answer = await api.get<{ locations: Record<string, unknown>[] }>('GET /v1/air/locations', {
      query: { ignored: 'x' },
    });

    // Assess
    expect(before.status).toBe(200);
    expect(before.body.locations.map((l) => l.now)).toEqual([null, null, null, null]);
    expect(answer.status).toBe(200);
    const declared = Object.entries(pipeline.locations!).map(([name, l]) => ({ name, ...l }));
    expect(answer.body.locations.map(({ now: _, ...l }) => l)).toEqual(declared);
    const category = US_AQI_CATEGORIES.find((c) => c.key === now.category)!;
    expect(answer.body.locations[0]).toMatchObject({
      name: 'berlin',
      now: {
        hour: now.hour,
        usAqi: now.usAqi,
        category: { key: category.key, name: category.name, colour: category.hex },
        dominant: now.dominant,
        eaqi: { level: now.eaqiLevel },
      },
    });
    expect(answer.body.locations.slice(1).map((l) => l.now)).toEqual([null, null, null]);
  });
});
