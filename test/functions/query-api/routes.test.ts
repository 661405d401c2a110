import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QUERY_API_FUNCTION } from '../../../functions/query-api/config.js';
import { QUERY_API_ROUTES } from '../../../functions/query-api/routes.js';
import { RESERVED_LOCATION_NAMES } from '../../../infra/pipeline/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { type LocalDynamo, startLocalDynamo } from '../helpers/local-dynamo.js';
import { queryApiClient, stubQuietEnvironment } from '../helpers/query-api-client.js';

describe('query-api routes', () => {
  let dynamo: LocalDynamo;

  beforeAll(async () => {
    stubQuietEnvironment();
    dynamo = await startLocalDynamo();
  });

  afterAll(async () => {
    await dynamo.close();
    vi.unstubAllEnvs();
  });

  it('answers exactly the routes infra/pipeline.ts gives the function', () => {
    // Prepare
    const declared = pipeline.api.filter((r) => r.function === QUERY_API_FUNCTION).map((r) => r.route);

    // Act
    const answered = Object.keys(QUERY_API_ROUTES);

    // Assess
    expect(answered.sort()).toEqual(declared.sort());
  });

  it('reserves as location names exactly the literal segments beside GET /v1/air/{location}', () => {
    // Prepare: `/v1/air/<word>` routes other than the location's own
    const literal = Object.keys(QUERY_API_ROUTES)
      .map((key) => /^GET \/v1\/air\/([a-z-]+)$/.exec(key)?.[1])
      .filter((word) => word !== undefined);

    // Assess
    expect(literal.length).toBeGreaterThan(0);
    expect([...RESERVED_LOCATION_NAMES].sort()).toEqual(literal.sort());
  });

  it('answers 404 for a route key it does not know', async () => {
    // Act
    const answer = await queryApiClient(dynamo).get('GET /v1/secrets');

    // Assess
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: 'not_found', message: 'no route "GET /v1/secrets"' });
  });
});
