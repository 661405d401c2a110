import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { UnsupportedOnAwsError } from '../../../infra/aws/errors.js';
import { directoryAssets } from '../../../infra/aws/function-assets.js';
import { type PipelineSpec, validatePipeline } from '../../../infra/pipeline/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { synthesize } from './helpers/synth.js';

// Context options and pipeline shapes beyond the default deployment, synthesized without
// bundling (`aws:cdk:bundling-stacks: []`): these tests look at resources, not code.

const VPC_ID = 'vpc-0123456789abcdef0';

/** What `cdk synth` caches in cdk.context.json after looking the VPC up: the test stands in for the lookup. */
const VPC_LOOKUP = {
  [`vpc-provider:account=123456789012:filter.vpc-id=${VPC_ID}:region=us-east-1:returnAsymmetricSubnets=true`]: {
    vpcId: VPC_ID,
    vpcCidrBlock: '10.10.0.0/16',
    availabilityZones: [],
    subnetGroups: [
      {
        name: 'Private',
        type: 'Private',
        subnets: ['a', 'b'].map((az, i) => ({
          subnetId: `subnet-0000000000000000${i}`,
          cidr: `10.10.${i}.0/24`,
          availabilityZone: `us-east-1${az}`,
          routeTableId: `rtb-0000000000000000${i}`,
        })),
      },
    ],
  },
};

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/shared-kafka/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-7';

/** A pipeline exercising the trigger settings pipeline.ts does not use today. */
function edgePipeline(): PipelineSpec {
  return validatePipeline({
    topics: { clicks: { partitions: 6, retentionHours: 24, description: 'clicks' } },
    secrets: {},
    models: {},
    tables: {},
    buckets: {},
    functions: {
      counter: { handler: 'functions/archiver/handler.ts', memoryMb: 512, timeoutSeconds: 30 },
    },
    triggers: [
      {
        name: 'count-clicks',
        function: 'counter',
        topic: 'clicks',
        batchSize: 10_000,
        batchingWindowMs: 0,
        startingPosition: 'AT_TIMESTAMP',
        startingPositionTimestamp: 1_750_000_000_500,
        consumerGroupId: 'clicks-counter',
        filterCriteria: { Filters: [{ Pattern: '{"value":{"kind":["click"]}}' }] },
        reportBatchItemFailures: false,
      },
      {
        name: 'count-clicks-again',
        function: 'counter',
        topic: 'clicks',
        batchSize: 100,
        batchingWindowMs: 300_000,
        startingPosition: 'LATEST',
        retry: { maximumRetryAttempts: -1, maximumRecordAgeSeconds: 3600, bisectBatchOnFunctionError: false },
        reportBatchItemFailures: true,
      },
    ],
    schedules: [],
    api: [],
    metrics: {},
  });
}

const mappings = (template: Template) =>
  Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map(
    (m) => m.Properties as Record<string, unknown>,
  );

describe('CDK app variants', () => {
  it('maps every trigger setting, including the ones pipeline.ts leaves unused', () => {
    // Act
    const { template } = synthesize({}, { bundle: false, pipeline: edgePipeline() });

    // Assess
    const [first, second] = ['clicks-counter', 'Tandem-count-clicks-again'].map((group) =>
      mappings(template).find(
        (m) => (m.AmazonManagedKafkaEventSourceConfig as { ConsumerGroupId: string }).ConsumerGroupId === group,
      ),
    );
    expect(first).toMatchObject({
      BatchSize: 10_000,
      MaximumBatchingWindowInSeconds: 0,
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: 1_750_000_000.5,
      FilterCriteria: { Filters: [{ Pattern: '{"value":{"kind":["click"]}}' }] },
    });
    for (const key of [
      'MaximumRetryAttempts',
      'MaximumRecordAgeInSeconds',
      'FunctionResponseTypes',
      'DestinationConfig',
    ]) {
      expect(first, key).not.toHaveProperty(key);
    }
    expect(second).toMatchObject({
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 300,
      StartingPosition: 'LATEST',
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: 3600,
      BisectBatchOnFunctionError: false,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 6, PollerGroupName: 'Tandem-kafka' },
    });
  });

  it('refuses a batching window AWS cannot express', () => {
    const spec = edgePipeline();
    (spec.triggers[0] as { batchingWindowMs: number }).batchingWindowMs = 1500;
    expect(() => synthesize({}, { bundle: false, pipeline: spec })).toThrow(UnsupportedOnAwsError);
  });

  it('uses an existing MSK cluster by ARN: no new cluster, IAM scoped to its topics, its security group opened', () => {
    // Act
    const { template } = synthesize(
      { ...VPC_LOOKUP, vpcId: VPC_ID, mskClusterArn: CLUSTER_ARN, mskSecurityGroupId: 'sg-0123456789abcdef0' },
      { bundle: false },
    );

    // Assess
    template.resourceCountIs('AWS::MSK::ServerlessCluster', 0);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    for (const m of mappings(template)) expect(m.EventSourceArn).toBe(CLUSTER_ARN);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-0123456789abcdef0',
      FromPort: 9098,
      ToPort: 9098,
    });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    for (const topic of Object.keys(pipeline.topics)) {
      expect(policies).toContain(
        `arn:aws:kafka:us-east-1:123456789012:topic/shared-kafka/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-7/${topic}`,
      );
    }
  });

  it('authorizes the authenticated routes with JWT when asked, and leaves "none" routes open', async () => {
    // Act
    const { template, stack, assembly } = synthesize(
      { authMode: 'jwt', jwtIssuer: 'https://auth.example.com/', jwtAudience: 'tandem-api' },
      { bundle: false },
    );

    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: 'https://auth.example.com/', Audience: ['tandem-api'] },
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    for (const route of pipeline.api) {
      const found = routes.find((r) => r.RouteKey === route.route);
      expect(found?.AuthorizationType, route.route).toBe(route.auth === 'none' ? 'NONE' : 'JWT');
    }
    // The dashboard's config.json tells the page it needs a bearer token.
    const dirs = directoryAssets(assembly, stack);
    const configs = await Promise.all(
      Object.values(template.findResources('Custom::CDKBucketDeployment'))
        .flatMap((d) => d.Properties.SourceObjectKeys as string[])
        .map((key) => path.join(dirs.get(key) as string, 'config.json'))
        .map((file) => readFile(file, 'utf8').catch(() => undefined)),
    );
    expect(configs.filter((c) => c !== undefined).map((c) => JSON.parse(c as string))).toEqual([
      { apiBaseUrl: '<<marker:0xbaba:0>>', auth: 'jwt' },
    ]);
  });

  it('encrypts tables, buckets, secrets and the alarm topic with one rotating customer key when asked', () => {
    // Act
    const { template } = synthesize({ encryption: 'customer-managed' }, { bundle: false });

    // Assess
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const key = Object.keys(template.findResources('AWS::KMS::Key'))[0] as string;
    for (const table of Object.values(template.findResources('AWS::DynamoDB::Table'))) {
      expect(table.Properties.SSESpecification).toMatchObject({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] },
      });
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.allResourcesProperties('AWS::SecretsManager::Secret', { KmsKeyId: Match.anyValue() });
  });

  it('applies provisioned pollers, reserved concurrency and data removal when asked', () => {
    // Act
    const { template } = synthesize(
      {
        provisionedPollers: '{"*": {"minimum": 1, "maximum": 3}}',
        reservedConcurrency: '{"archiver": 20}',
        retainData: 'false',
      },
      { bundle: false },
    );

    // Assess
    for (const m of mappings(template)) {
      expect(m.ProvisionedPollerConfig).toEqual({
        MinimumPollers: 1,
        MaximumPollers: 3,
        PollerGroupName: 'Tandem-kafka',
      });
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'archiver' }) },
      ReservedConcurrentExecutions: 20,
    });
    for (const t of Object.values(template.findResources('AWS::DynamoDB::Table'))) {
      expect(t.DeletionPolicy).toBe('Delete');
      expect(t.Properties.DeletionProtectionEnabled).toBe(false);
    }
  });
});
