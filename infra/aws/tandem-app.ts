import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { PipelineSpec } from '../pipeline/index.js';
import { pipeline as declaredPipeline } from '../pipeline.js';
import { readSettings, type TandemSettings } from './settings.js';
import { TandemStack } from './stacks/tandem-stack.js';

export interface TandemAppOptions {
  /** Context on top of what the CDK CLI passes (tests pass cdk.json's context here). */
  context?: Record<string, unknown>;
  /** Cloud assembly directory (default: the CLI's, or a temporary one). */
  outdir?: string;
  /** The pipeline to deploy (default: infra/pipeline.ts). */
  pipeline?: PipelineSpec;
  /** Environment for CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION. */
  env?: NodeJS.ProcessEnv;
}

/** The CDK app: one stack built from the pipeline declaration, checked by cdk-nag's AwsSolutions pack. */
export function createTandemApp(options: TandemAppOptions = {}): {
  app: App;
  stack: TandemStack;
  settings: TandemSettings;
} {
  const app = new App({
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const settings = readSettings((key) => app.node.tryGetContext(key), options.env ?? process.env);
  const stack = new TandemStack(app, settings.stackName, {
    env: { account: settings.account, region: settings.region },
    description: 'tandem: serverless streaming ML pipeline (MSK, Lambda, DynamoDB, S3), built from infra/pipeline.ts',
    pipeline: options.pipeline ?? declaredPipeline,
    settings,
  });
  Tags.of(app).add('project', 'tandem');
  if (settings.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, settings };
}
