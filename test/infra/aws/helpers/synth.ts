import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { REPO_ROOT } from '../../../../infra/aws/paths.js';
import type { TandemStack } from '../../../../infra/aws/stacks/tandem-stack.js';
import { createTandemApp, type TandemAppOptions } from '../../../../infra/aws/tandem-app.js';

/** Fixed target so templates do not depend on who runs the tests. */
export const TEST_ACCOUNT = '123456789012';
export const TEST_REGION = 'us-east-1';

/** cdk.json's context: the feature flags and defaults `cdk synth` runs with. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
}

export interface Synthesized {
  stack: TandemStack;
  template: Template;
  assembly: CloudAssembly;
}

/**
 * Synthesizes the app offline as `cdk synth` would (cdk.json context, cdk-nag on), into a
 * fresh directory. Bundles every function with esbuild, so call it once per test file.
 * `bundle: false` skips bundling (CDK's `aws:cdk:bundling-stacks`) for tests of settings.
 */
export function synthesize(
  context: Record<string, unknown> = {},
  options: Omit<TandemAppOptions, 'context' | 'outdir'> & { bundle?: boolean } = {},
): Synthesized {
  const { bundle = true, ...rest } = options;
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'tandem-cdk-'));
  const { app, stack } = createTandemApp({
    ...rest,
    env: {},
    outdir,
    context: {
      ...cdkJsonContext(),
      account: TEST_ACCOUNT,
      region: TEST_REGION,
      ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  const assembly = app.synth();
  return { stack, template: Template.fromStack(stack), assembly };
}
