import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clearSecretCache,
  getSecret,
  getSecretJson,
  SecretConfigError,
  SecretFetchError,
} from '../../../../functions/lib/secrets/index.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:tandem/slack-webhooks-AbCdEf';

/**
 * A Secrets Manager endpoint speaking the service's JSON 1.1 protocol for GetSecretValue,
 * which the real SDK client talks to: enough to count calls and change the stored value.
 */
function secretsManagerStandIn() {
  const state = { value: '{"negative":"https://hooks.example/n"}', requests: 0, failNext: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const target = req.headers['x-amz-target'];
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { SecretId?: string };
      const reply = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
      if (state.failNext > 0) {
        state.failNext--;
        reply(400, { __type: 'AccessDeniedException', message: 'not allowed' });
      } else if (target !== 'secretsmanager.GetSecretValue' || SecretId !== ARN) {
        reply(400, { __type: 'ResourceNotFoundException', message: `no secret ${SecretId}` });
      } else {
        reply(200, { ARN, Name: 'tandem/slack-webhooks', SecretString: state.value, VersionId: 'v1', CreatedDate: 0 });
      }
    });
  });
  return { server, state };
}

describe('getSecret', () => {
  const { server, state } = secretsManagerStandIn();

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
  });

  beforeEach(() => {
    clearSecretCache();
    state.requests = 0;
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise((resolve) => server.close(resolve));
  });

  it('uses SECRET_<NAME>_VALUE as is when set, without asking Secrets Manager', async () => {
    // Act
    const value = await getSecret('slack-signing-secret', {
      env: { SECRET_SLACK_SIGNING_SECRET_VALUE: 'local-secret', SECRET_SLACK_SIGNING_SECRET_ARN: ARN },
    });

    // Assess
    expect(value).toBe('local-secret');
    expect(state.requests).toBe(0);
  });

  it('fetches by ARN once per TTL, shares one request between concurrent callers, and picks up a rotation', async () => {
    // Prepare
    const env = { SECRET_SLACK_WEBHOOKS_ARN: ARN };
    let now = 1_000_000;
    const options = { env, ttlMs: 60_000, now: () => now };

    // Act
    const first = await Promise.all([getSecretJson('slack-webhooks', options), getSecret('slack-webhooks', options)]);
    now += 59_000;
    const cached = await getSecret('slack-webhooks', options);
    state.value = '{"negative":"https://hooks.example/rotated"}';
    now += 2_000;
    const rotated = await getSecretJson('slack-webhooks', options);

    // Assess
    expect(first).toEqual([{ negative: 'https://hooks.example/n' }, '{"negative":"https://hooks.example/n"}']);
    expect(cached).toBe('{"negative":"https://hooks.example/n"}');
    expect(rotated).toEqual({ negative: 'https://hooks.example/rotated' });
    expect(state.requests).toBe(2);
  });

  it('does not cache a failed fetch: the next call asks again', async () => {
    // Prepare
    state.failNext = 1;
    const env = { SECRET_SLACK_WEBHOOKS_ARN: ARN };

    // Act
    const failed = await getSecret('slack-webhooks', { env }).catch((e: unknown) => e);
    const retried = await getSecret('slack-webhooks', { env });

    // Assess
    expect(failed).toBeInstanceOf(SecretFetchError);
    expect((failed as Error).message).toBe(`reading secret "slack-webhooks" (${ARN}) from Secrets Manager failed`);
    expect(((failed as Error).cause as Error).name).toBe('AccessDeniedException');
    expect(retried).toContain('hooks.example');
    expect(state.requests).toBe(2);
  });

  it('says which variables to set when the secret is not bound, and refuses JSON that is not JSON', async () => {
    // Act
    const unbound = await getSecret('slack-webhooks', { env: {} }).catch((e: unknown) => e);
    const notJson = await getSecretJson('slack-signing-secret', {
      env: { SECRET_SLACK_SIGNING_SECRET_VALUE: 'abc' },
    }).catch((e: unknown) => e);

    // Assess
    expect(unbound).toBeInstanceOf(SecretConfigError);
    expect((unbound as Error).message).toBe(
      'secret "slack-webhooks" is not bound: set SECRET_SLACK_WEBHOOKS_VALUE (local) or SECRET_SLACK_WEBHOOKS_ARN (AWS)',
    );
    expect(notJson).toBeInstanceOf(SecretFetchError);
  });
});
