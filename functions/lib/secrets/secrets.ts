/**
 * Secrets by their name in infra/pipeline.ts, read the same way on AWS and locally:
 *
 * - `SECRET_<NAME>_VALUE` set (the local runtime, tests): that value, as is.
 * - else `SECRET_<NAME>_ARN` set (AWS): `GetSecretValue` from Secrets Manager, cached per
 *   container for `ttlMs` (default 5 minutes) so a rotated secret is picked up without a
 *   redeploy and a warm container makes one call per TTL, not one per invoke. Concurrent
 *   callers share one request. The SDK client is imported on this path only.
 * - neither: `SecretConfigError`.
 */

import { secretArnEnvName, secretValueEnvName } from '../../../infra/pipeline/names.js';
import { SecretConfigError, SecretFetchError } from './errors.js';

/** How long a fetched value is reused before it is fetched again. */
export const SECRET_TTL_MS = 5 * 60 * 1000;

/** The part of a Secrets Manager client `getSecret` uses (`SecretsManagerClient` satisfies it). */
export interface SecretsManagerLike {
  send(command: unknown): Promise<{ SecretString?: string }>;
}

export interface GetSecretOptions {
  /** Reuse a fetched value this long (default `SECRET_TTL_MS`). */
  ttlMs?: number;
  /** Client (default: one `SecretsManagerClient` per container, endpoint from the environment). */
  client?: SecretsManagerLike;
  /** Environment (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Clock (default `Date.now`). */
  now?: () => number;
}

interface CacheEntry {
  arn: string;
  value: Promise<string>;
  fetchedAt: number;
}

const cache = new Map<string, CacheEntry>();
let sharedClient: SecretsManagerLike | undefined;

/** The secret's value as a string. */
export async function getSecret(name: string, options: GetSecretOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const local = env[secretValueEnvName(name)];
  if (local !== undefined) return local;
  const arn = env[secretArnEnvName(name)];
  if (!arn) {
    throw new SecretConfigError(
      name,
      `secret "${name}" is not bound: set ${secretValueEnvName(name)} (local) or ${secretArnEnvName(name)} (AWS)`,
    );
  }
  const now = (options.now ?? Date.now)();
  const ttlMs = options.ttlMs ?? SECRET_TTL_MS;
  const cached = cache.get(name);
  if (cached && cached.arn === arn && now - cached.fetchedAt < ttlMs) return cached.value;
  const value = fetchSecret(name, arn, options.client);
  cache.set(name, { arn, value, fetchedAt: now });
  // A failed fetch is not cached: the next caller tries again.
  value.catch(() => {
    if (cache.get(name)?.value === value) cache.delete(name);
  });
  return value;
}

/** The secret parsed as JSON; throws `SecretFetchError` when it is not JSON. */
export async function getSecretJson(name: string, options: GetSecretOptions = {}): Promise<unknown> {
  const text = await getSecret(name, options);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SecretFetchError(name, `secret "${name}" is not JSON`, { cause: error });
  }
}

/** Forgets every cached value (tests, and after a rotation is known to have happened). */
export function clearSecretCache(): void {
  cache.clear();
}

async function fetchSecret(name: string, arn: string, client?: SecretsManagerLike): Promise<string> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const sm = client ?? (sharedClient ??= new SecretsManagerClient({}));
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await sm.send(new GetSecretValueCommand({ SecretId: arn })));
  } catch (error) {
    throw new SecretFetchError(name, `reading secret "${name}" (${arn}) from Secrets Manager failed`, {
      cause: error,
    });
  }
  if (secretString === undefined) {
    throw new SecretFetchError(
      name,
      `secret "${name}" (${arn}) has no SecretString (binary secrets are not supported)`,
    );
  }
  return secretString;
}
