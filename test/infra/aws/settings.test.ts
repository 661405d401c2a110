import { describe, expect, it } from 'vitest';
import { InvalidContextError } from '../../../infra/aws/errors.js';
import { readSettings } from '../../../infra/aws/settings.js';

const from = (context: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
  readSettings((key) => context[key], env);

describe('readSettings', () => {
  it('defaults to a new VPC, MSK Serverless, AWS-managed keys and retained data in us-east-1', () => {
    // Act
    const settings = from({});

    // Assess
    expect(settings).toMatchObject({
      stackName: 'Tandem',
      region: 'us-east-1',
      maxAzs: 2,
      natGateways: 1,
      manageTopics: true,
      encryption: 'aws-managed',
      retainData: true,
      logRetentionDays: 30,
      nag: true,
    });
    expect(settings.account).toBeUndefined();
    expect(settings.vpcId).toBeUndefined();
    expect(settings.mskClusterArn).toBeUndefined();
  });

  it('reads -c strings and cdk.json values alike, and the CLI environment for account and region', () => {
    // Act
    const settings = from(
      {
        retainData: 'false',
        maxAzs: 3,
        natGateways: '2',
        jwtAudience: 'a, b',
        provisionedPollers: '{"archive-feedback": {"minimum": 2, "maximum": 4}}',
        reservedConcurrency: { archiver: 5 },
      },
      { CDK_DEFAULT_ACCOUNT: '111122223333', CDK_DEFAULT_REGION: 'eu-west-1' },
    );

    // Assess
    expect(settings).toMatchObject({
      account: '111122223333',
      region: 'eu-west-1',
      retainData: false,
      maxAzs: 3,
      natGateways: 2,
      jwtAudience: ['a', 'b'],
      provisionedPollers: { 'archive-feedback': { minimum: 2, maximum: 4 } },
      reservedConcurrency: { archiver: 5 },
    });
  });

  it.each([
    [{ authMode: 'cognito' }, 'authMode'],
    [{ authMode: 'jwt' }, 'authMode'],
    [{ jwtIssuer: 'http://insecure.example.com' }, 'jwtIssuer'],
    [{ vpcId: 'vpc-0abc' }, 'vpcId'],
    [{ mskClusterArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/a/b', account: '123456789012' }, 'mskClusterArn'],
    [{ mskClusterArn: 'not-an-arn' }, 'mskClusterArn'],
    [{ mskSecurityGroupId: 'sg-0abc' }, 'mskSecurityGroupId'],
    [{ logRetentionDays: 10 }, 'logRetentionDays'],
    [{ maxAzs: 1 }, 'maxAzs'],
    [{ retainData: 'yes' }, 'retainData'],
    [{ encryption: 'none' }, 'encryption'],
    [{ provisionedPollers: '{"*": {"minimum": 0, "maximum": 1}}' }, 'provisionedPollers'],
    [{ reservedConcurrency: '[1]' }, 'reservedConcurrency'],
    [{ account: '12345' }, 'account'],
    [{ alarmEmail: 'nobody' }, 'alarmEmail'],
  ])('rejects %j, naming %s', (context, key) => {
    // Act
    const error = (() => {
      try {
        from(context);
      } catch (err) {
        return err;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(InvalidContextError);
    expect((error as InvalidContextError).key).toBe(key);
  });
});
