import { RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SecretSpec } from '../../pipeline/index.js';

export interface PipelineSecretsProps {
  secrets: Record<string, SecretSpec>;
  encryptionKey?: kms.IKey;
  retainData: boolean;
}

/**
 * One Secrets Manager secret per declared secret, created with its declared placeholder (a
 * random string when it has none): the real value (a Slack webhook URL, a signing secret, the X bearer token) is
 * put after deploy (docs/deploy.md) and never passes through CloudFormation or an environment
 * variable; functions get the ARN.
 *
 * CloudFormation names the secrets (`<stack>-<id>-<random>`): a fixed name collides, with
 * ResourceExistsException, with a secret retained by `cdk destroy` or by a first create that
 * rolled back, and a deleted name stays reserved for its recovery window. Kept secrets are
 * retained on delete and replacement but not on a failed create (RetainExceptOnCreate), so a
 * rolled-back first deploy leaves nothing behind.
 */
export class PipelineSecrets extends Construct {
  readonly secrets = new Map<string, secretsmanager.Secret>();

  constructor(scope: Construct, id: string, props: PipelineSecretsProps) {
    super(scope, id);
    for (const [name, spec] of Object.entries(props.secrets)) {
      const secret = new secretsmanager.Secret(this, `Secret-${name}`, {
        description: spec.description,
        ...(spec.placeholder === undefined
          ? {}
          : // A placeholder is no credential: it says "not configured yet" to the secret's readers.
            { secretStringValue: SecretValue.unsafePlainText(spec.placeholder) }),
        ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
        removalPolicy: props.retainData ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Issued by a third party (Slack, X); Secrets Manager cannot rotate it. Rotate it there, then put-secret-value.',
      });
      this.secrets.set(name, secret);
    }
  }

  secret(name: string): secretsmanager.Secret {
    const secret = this.secrets.get(name);
    if (!secret) throw new Error(`no secret "${name}" in pipeline.ts`);
    return secret;
  }
}
