/**
 * Local values of the pipeline's secrets (`secrets` in infra/pipeline.ts), handed to the
 * handlers as `SECRET_<NAME>_VALUE` (on AWS they get `SECRET_<NAME>_ARN` and read Secrets
 * Manager):
 *
 * - `slack-webhooks`: the local Slack sink's URL per channel.
 * - any other secret (e.g. `slack-signing-secret`): 32 random bytes, hex, generated once per
 *   state directory and kept in `<dataDir>/secrets/<name>` (mode 0600), so a developer can
 *   sign test requests with it and a restart keeps it.
 */

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PipelineSpec } from '../pipeline/index.js';

/** Hook paths of the sink standing in for each notification channel's webhook. */
export const LOCAL_SLACK_HOOKS = {
  negative: 'local/negative-feedback',
  positive: 'local/positive-feedback',
  'air-quality': 'local/air-quality',
  sensor: 'local/sensor-alerts',
} as const;

/** Where a generated secret is kept. */
export function localSecretPath(dataDir: string, name: string): string {
  return path.join(dataDir, 'secrets', name);
}

export async function localSecretValues(
  pipeline: PipelineSpec,
  options: { dataDir: string; slackUrl: string },
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const name of Object.keys(pipeline.secrets)) {
    if (name === 'slack-webhooks') {
      values[name] = JSON.stringify(
        Object.fromEntries(
          Object.entries(LOCAL_SLACK_HOOKS).map(([kind, hook]) => [kind, `${options.slackUrl}/services/${hook}`]),
        ),
      );
      continue;
    }
    const file = localSecretPath(options.dataDir, name);
    const existing = await readFile(file, 'utf8').catch(() => undefined);
    if (existing?.trim()) {
      values[name] = existing.trim();
      continue;
    }
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const value = randomBytes(32).toString('hex');
    await writeFile(file, `${value}\n`, { mode: 0o600 });
    values[name] = value;
  }
  return values;
}
