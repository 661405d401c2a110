import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalApi, startLocalApi } from '../../../infra/local/api/index.js';
import { LOCAL_REGION, localTableName } from '../../../infra/local/provision.js';
import { S3_CREDENTIALS } from '../../../infra/local/services/s3.js';
import { tableEnvName } from '../../../infra/pipeline/names.js';
import { pipeline } from '../../../infra/pipeline.js';
import { type LocalDynamo, startLocalDynamo } from '../helpers/local-dynamo.js';
import { stubQuietEnvironment } from '../helpers/query-api-client.js';
import { putItems, stateItem, windowItem } from '../helpers/window-items.js';

const METRIC = 'wiki-edits-by-user';
const TEN_MINUTES = 600_000;
// The handler reads the real clock, so the data is recent enough not to have expired.
const START = Math.floor(Date.now() / TEN_MINUTES) * TEN_MINUTES - 6 * TEN_MINUTES;
const iso = (ms: number) => new Date(ms).toISOString();

// The deployed handler, configured from its bindings in infra/pipeline.ts, behind the local API Gateway.
describe('query-api handler', () => {
  let dynamo: LocalDynamo;
  let api: LocalApi;

  beforeAll(async () => {
    stubQuietEnvironment();
    dynamo = await startLocalDynamo();
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.service.endpoint);
    vi.stubEnv('AWS_REGION', LOCAL_REGION);
    vi.stubEnv('AWS_ACCESS_KEY_ID', S3_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', S3_CREDENTIALS.secretAccessKey);
    for (const table of pipeline.functions['query-api']!.tables ?? []) {
      vi.stubEnv(tableEnvName(table.name), localTableName(table.name));
    }
    const { handler } = await import('../../../functions/query-api/handler.js');
    api = await startLocalApi({
      routes: pipeline.api
        .filter((r) => r.function === 'query-api')
        .map((r) => ({ route: r.route, functionName: r.function, handler: handler as never, timeoutSeconds: 10 })),
    });
  });

  afterAll(async () => {
    await api.close();
    await dynamo.close();
    vi.unstubAllEnvs();
  });

  it('answers each route over HTTP from the tables its environment names', async () => {
    // Prepare
    await putItems(dynamo.documents, dynamo.tableName('window-state'), [
      stateItem(METRIC, { maxEventTimes: [START + 5 * 60_000], watermark: START - TEN_MINUTES }),
    ]);
    await putItems(dynamo.documents, dynamo.tableName('windows'), [
      windowItem(METRIC, 'Alice', { start: START, sizeMs: TEN_MINUTES }, 3),
    ]);

    // Act
    // from in +02:00, its "+" encoded as %2B: the form a client must send.
    const from = encodeURIComponent(
      iso(START + 2 * 3_600_000)
        .replace('Z', '+02:00')
        .replace('.000', ''),
    );
    const [health, metrics, top, windows, feedback] = await Promise.all(
      [
        '/v1/health',
        '/v1/metrics',
        `/v1/top/${METRIC}?n=1`,
        `/v1/windows/${METRIC}?key=Alice&from=${from}&to=${iso(START + TEN_MINUTES)}`,
        '/v1/feedback?band=neutral',
      ].map(async (path) => {
        const res = await fetch(`${api.url}${path}`);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      }),
    );

    // Assess
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(metrics!.status).toBe(200);
    expect(top!.body.top).toEqual([{ key: 'Alice', count: 3 }]);
    expect(windows!.body.windows).toEqual([
      { start: iso(START), end: iso(START + TEN_MINUTES), count: 3, final: false },
    ]);
    expect(feedback!.body).toEqual({ band: 'neutral', items: [], cursor: null });
  });

  it('refuses a parameter given twice in the URL, though API Gateway joins the values with a comma', async () => {
    // Act
    const res = await fetch(`${api.url}/v1/top/${METRIC}?n=2&n=3`);

    // Assess
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'bad_request',
      message: 'n must be given once, got 2 values',
      field: 'n',
    });
  });
});
