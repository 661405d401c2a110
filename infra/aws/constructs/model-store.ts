import { existsSync, readdirSync } from 'node:fs';
import { Annotations, Stack, Validations } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import type { ModelSpec } from '../../pipeline/index.js';
import { fromRoot } from '../paths.js';

export interface ModelStoreProps {
  models: Record<string, ModelSpec>;
  bucket: s3.IBucket;
}

/**
 * The models bucket holds every declared model under its directory name
 * (`models/<name>/model.onnx`, `model-card.json`, …). Deploys upload what the repo has
 * with BucketDeployment and never prune, so versions published later by the nightly
 * retraining stay; scorers read `MODEL_<NAME>_URI` (`s3://<bucket>/models/<name>`) and
 * pick a new version up without a redeploy. S3 rather than the bundle: a model changes
 * on its own schedule, and the 250 MB package limit stays out of the way.
 */
export class ModelStore extends Construct {
  readonly bucket: s3.IBucket;
  private readonly models: Record<string, ModelSpec>;
  private readonly uploads = new Map<string, s3deploy.BucketDeployment>();

  constructor(scope: Construct, id: string, props: ModelStoreProps) {
    super(scope, id);
    this.bucket = props.bucket;
    this.models = props.models;
    for (const [name, spec] of Object.entries(props.models)) {
      const dir = fromRoot(spec.directory);
      if (!existsSync(dir) || readdirSync(dir).length === 0) {
        Annotations.of(this).addWarningV2(
          `tandem:model:${name}`,
          `model "${name}": ${spec.directory} is empty; upload the model to s3://<models bucket>/${spec.directory}/ yourself`,
        );
        continue;
      }
      const deployment = new s3deploy.BucketDeployment(this, `Deploy-${name}`, {
        // The model's files only: its training code stays in the repo.
        sources: [s3deploy.Source.asset(dir, { exclude: ['train', 'train/**', '**/*.ts'] })],
        destinationBucket: props.bucket,
        destinationKeyPrefix: `${spec.directory}/`,
        prune: false,
        retainOnDelete: true,
        memoryLimit: 512,
      });
      this.uploads.set(name, deployment);
      Validations.of(deployment.handlerRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "aws-cdk-lib's BucketDeployment handler role: log writes of its own function.",
      });
    }
    // BucketDeployment's handler is a singleton at stack level, not under the deployment.
    for (const child of Stack.of(this).node.children) {
      if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-L1',
          reason: "aws-cdk-lib's BucketDeployment handler: aws-cdk-lib chooses its runtime.",
        });
      }
    }
  }

  /**
   * The upload of a model's files, for what must wait until the model is in the bucket (a
   * scorer's trigger); undefined when the repo holds no files for it.
   */
  upload(name: string): IConstruct | undefined {
    return this.uploads.get(name);
  }

  /** Key prefix of a model's directory. */
  prefix(name: string): string {
    const spec = this.models[name];
    if (!spec) throw new Error(`no model "${name}" in pipeline.ts`);
    return spec.directory;
  }
}
