import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SecretSpec } from '../../pipeline/index.js';

export interface PipelineSecretsProps {
  secrets: Record<string, SecretSpec>;
  /** Prefix of every secret name: `<prefix>/<name>`. */
  namePrefix: string;
  encryptionKey?: kms.IKey;
  retainData: boolean;
}

/**
 * One Secrets Manager secret per declared secret, named `<stack>/<name>`, created with a
 * random placeholder: the real value (a Slack webhook URL, a signing secret) is put after
 * deploy (docs/deploy.md) and never passes through CloudFormation or an environment variable.
 */
export class PipelineSecrets extends Construct {
  readonly secrets = new Map<string, secretsmanager.Secret>();

  constructor(scope: Construct, id: string, props: PipelineSecretsProps) {
    super(scope, id);
    for (const [name, spec] of Object.entries(props.secrets)) {
      const secret = new secretsmanager.Secret(this, `Secret-${name}`, {
        secretName: `${props.namePrefix}/${name}`,
        description: spec.description,
        ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
        removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Issued by a third party (Slack); Secrets Manager cannot rotate it. Rotate in Slack, then put-secret-value.',
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
