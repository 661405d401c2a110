import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileFilterCriteria, type FilterableKafkaRecord } from '../../../infra/pipeline/filter/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { synthesize } from './helpers/synth.js';

// What a first `cdk deploy`, a redeploy after `cdk destroy`, a second stack on a shared cluster
// or a later tag edit would get wrong (issue 16), checked on the synthesized templates. No
// bundling: these tests look at resources, not code.

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

const VPC_ID = 'vpc-0123456789abcdef0';
const CLUSTER_SG = 'sg-0123456789abcdef0';
const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/shared-kafka/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-7';

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
const SHARED_CLUSTER = { ...VPC_LOOKUP, vpcId: VPC_ID, mskClusterArn: CLUSTER_ARN, mskSecurityGroupId: CLUSTER_SG };

const resourcesOf = (template: Template) => template.toJSON().Resources as Record<string, Resource>;
const ofType = (template: Template, type: string) =>
  Object.entries(resourcesOf(template)).filter(([, r]) => r.Type === type);
const groupIds = (template: Template) =>
  ofType(template, 'AWS::Lambda::EventSourceMapping').map(
    ([, m]) => (m.Properties.AmazonManagedKafkaEventSourceConfig as { ConsumerGroupId: string }).ConsumerGroupId,
  );

describe('the default deployment', () => {
  let template: Template;
  let resources: Record<string, Resource>;

  beforeAll(() => {
    ({ template } = synthesize({}, { bundle: false }));
    resources = resourcesOf(template);
  }, 120_000);

  it('filters out only canaries on the wiki mappings: their patterns, evaluated with AWS semantics', () => {
    // Prepare
    const wiki = ofType(template, 'AWS::Lambda::EventSourceMapping').filter(([, m]) =>
      (m.Properties.Topics as string[]).includes('wiki-changes'),
    );
    const value = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
    const shapes: [string, Buffer | null, boolean][] = [
      ['canary', value({ meta: { domain: 'canary' }, type: 'edit' }), false],
      ['edit', value({ meta: { domain: 'en.wikipedia.org' }, type: 'edit' }), true],
      ['JSON without meta', value({ type: 'edit' }), true],
      ['domain an object', value({ meta: { domain: { x: 1 } } }), true],
      ['plain text', value('event: message'), true],
      ['JSON array', value('[{"meta":{"domain":"en.wikipedia.org"}}]'), true],
      ['tombstone', null, true],
      ['not UTF-8', Buffer.from([0xff, 0xfe]), true],
    ];
    const record = (v: Buffer | null): FilterableKafkaRecord => ({
      topic: 'wiki-changes',
      partition: 0,
      offset: 1,
      timestamp: 0,
      key: null,
      value: v,
    });

    // Act
    const verdicts = wiki.map(([, m]) => {
      const filter = compileFilterCriteria(m.Properties.FilterCriteria as { Filters: { Pattern: string }[] });
      return shapes.map(([name, v]) => [name, filter.matches(record(v))]);
    });

    // Assess
    expect(wiki).toHaveLength(pipeline.triggers.filter((t) => t.topic === 'wiki-changes').length);
    for (const v of verdicts) expect(v).toEqual(shapes.map(([name, , delivered]) => [name, delivered]));
  });

  it('creates slack-webhooks with a JSON placeholder naming each channel, and the signing secret with a random one', () => {
    // Prepare
    const secrets = ofType(template, 'AWS::SecretsManager::Secret').map(([, r]) => r.Properties);
    const of = (name: string) => secrets.find((s) => s.Description === pipeline.secrets[name]?.description);

    // Assess
    expect(secrets).toHaveLength(Object.keys(pipeline.secrets).length);
    expect(JSON.parse(of('slack-webhooks')?.SecretString as string)).toEqual({
      negative: '',
      positive: '',
      'air-quality': '',
      sensor: '',
    });
    expect(of('slack-webhooks')).not.toHaveProperty('GenerateSecretString');
    expect(of('slack-signing-secret')).toHaveProperty('GenerateSecretString');
    expect(of('slack-signing-secret')).not.toHaveProperty('SecretString');
  });

  it('lets CloudFormation name the secrets and retains them except on a failed create', () => {
    // Prepare
    const secrets = ofType(template, 'AWS::SecretsManager::Secret');
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

    // Assess: no fixed name to collide with a retained or recovering secret on redeploy.
    for (const [id, s] of secrets) {
      expect(s.Properties, id).not.toHaveProperty('Name');
      expect(s.DeletionPolicy, id).toBe('RetainExceptOnCreate');
      expect(s.UpdateReplacePolicy, id).toBe('Retain');
    }
    // The outputs name them by ARN, which put-secret-value takes as --secret-id.
    for (const [id] of secrets) {
      expect(Object.values(outputs).map((o) => JSON.stringify(o.Value))).toContain(JSON.stringify({ Ref: id }));
    }
  });

  it('prefixes every default consumer group id with the stack name, in the mappings and in their IAM grants', () => {
    // Prepare
    const policies = JSON.stringify(ofType(template, 'AWS::IAM::Policy'));

    // Assess
    expect(groupIds(template).sort()).toEqual(pipeline.triggers.map((t) => `Tandem-${t.name}`).sort());
    for (const id of groupIds(template)) expect(policies).toContain(`/${id}"`);
    expect(policies).not.toMatch(/:group\/[^"]*\/tandem-/);
  });

  it('keeps every tag off the MSK Serverless cluster (a tag change replaces it) and retains it', () => {
    // Prepare
    const [[id, cluster]] = ofType(template, 'AWS::MSK::ServerlessCluster') as [[string, Resource]];
    const tables = ofType(template, 'AWS::DynamoDB::Table');

    // Assess
    expect(cluster.Properties, id).not.toHaveProperty('Tags');
    expect(cluster.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(cluster.UpdateReplacePolicy).toBe('Retain');
    // The app's tags still reach everything else.
    for (const [tableId, t] of tables)
      expect(t.Properties.Tags, tableId).toContainEqual({ Key: 'project', Value: 'tandem' });
  });

  it('creates each topic only after the cluster admits the admin function’s security group', () => {
    // Prepare
    const clientSg = Object.entries(resources).find(
      ([, r]) =>
        r.Type === 'AWS::EC2::SecurityGroup' &&
        String(r.Properties.GroupDescription).startsWith('tandem Kafka clients'),
    )?.[0];
    const clientIngress = ofType(template, 'AWS::EC2::SecurityGroupIngress')
      .filter(
        ([, r]) =>
          JSON.stringify(r.Properties.SourceSecurityGroupId) ===
          JSON.stringify({ 'Fn::GetAtt': [clientSg, 'GroupId'] }),
      )
      .map(([ingressId]) => ingressId);
    const topics = ofType(template, 'Custom::KafkaTopic');

    // Assess
    expect(clientIngress).toHaveLength(1);
    expect(topics).toHaveLength(Object.keys(pipeline.topics).length);
    for (const [topicId, t] of topics) expect(t.DependsOn, topicId).toEqual(expect.arrayContaining(clientIngress));
  });

  it('starts a scorer’s trigger only after its models are in the bucket', () => {
    // Prepare
    const uploadsOf = (model: string) =>
      ofType(template, 'Custom::CDKBucketDeployment')
        .filter(([, r]) => r.Properties.DestinationBucketKeyPrefix === `${pipeline.models[model]?.directory}/`)
        .map(([id]) => id);
    const allUploads = Object.keys(pipeline.models).flatMap(uploadsOf);
    const modelsOf = (fn: string) => pipeline.functions[fn]?.models ?? [];
    const triggers = pipeline.triggers.filter((t) => modelsOf(t.function).length > 0);
    const mappings = ofType(template, 'AWS::Lambda::EventSourceMapping');
    const mappingOf = (name: string) =>
      mappings.find(([, m]) => JSON.stringify(m.Properties).includes(`"Tandem-${name}"`))?.[1];

    // Assess: one upload per model; each scorer's triggers wait for its own models' uploads.
    expect(allUploads).toHaveLength(Object.keys(pipeline.models).length);
    expect(triggers.length).toBeGreaterThan(0);
    for (const t of triggers) {
      const uploads = modelsOf(t.function).flatMap(uploadsOf);
      expect(uploads.length, t.name).toBe(modelsOf(t.function).length);
      expect(mappingOf(t.name)?.DependsOn, t.name).toEqual(expect.arrayContaining(uploads));
    }
    // Triggers of functions without models do not wait for uploads.
    for (const t of pipeline.triggers.filter((x) => modelsOf(x.function).length === 0)) {
      for (const upload of allUploads) expect(mappingOf(t.name)?.DependsOn ?? [], t.name).not.toContain(upload);
    }
  });

  it('alarms on the highest OffsetLag of each consumer over every dimension set Lambda may publish it with', () => {
    // Prepare
    const alarms = ofType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const lag = alarms.filter((a) => JSON.stringify(a.Metrics ?? '').includes('OffsetLag'));
    const consumers = new Set(pipeline.triggers.map((t) => t.function));

    // Assess
    expect(alarms.filter((a) => a.MetricName === 'OffsetLag')).toEqual([]);
    expect(lag).toHaveLength(consumers.size);
    for (const a of lag) {
      const [query] = a.Metrics as {
        Expression: { 'Fn::Join': [string, unknown[]] };
        Period: number;
        ReturnData?: boolean;
      }[];
      const [head, , tail] = query?.Expression['Fn::Join'][1] as [string, unknown, string];
      expect(head).toBe(`SELECT MAX(OffsetLag) FROM "AWS/Lambda" WHERE FunctionName = '`);
      expect(tail).toBe(`'`);
      expect(query?.Period).toBe(300);
    }
  });
});

describe('two stacks on one shared cluster', () => {
  it('use disjoint consumer groups, so neither takes partitions from the other', () => {
    // Act
    const first = synthesize({ ...SHARED_CLUSTER, stackName: 'TandemBlue' }, { bundle: false });
    const second = synthesize({ ...SHARED_CLUSTER, stackName: 'TandemGreen' }, { bundle: false });

    // Assess
    const blue = groupIds(first.template);
    const green = groupIds(second.template);
    expect(blue).toHaveLength(pipeline.triggers.length);
    expect(blue.filter((id) => green.includes(id))).toEqual([]);
    for (const id of blue) expect(id).toMatch(/^TandemBlue-/);
  }, 120_000);

  it('opens the existing cluster’s security group to itself on 9098 (the pollers) and to the clients, before the topics', () => {
    // Act
    const { template } = synthesize(SHARED_CLUSTER, { bundle: false });

    // Assess
    const ingress = ofType(template, 'AWS::EC2::SecurityGroupIngress').filter(
      ([, r]) => r.Properties.GroupId === CLUSTER_SG,
    );
    const self = ingress.filter(([, r]) => r.Properties.SourceSecurityGroupId === CLUSTER_SG);
    expect(self).toHaveLength(1);
    expect(self[0]?.[1].Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 9098, ToPort: 9098 });
    expect(ingress).toHaveLength(2);
    for (const [topicId, t] of ofType(template, 'Custom::KafkaTopic')) {
      expect(t.DependsOn, topicId).toEqual(expect.arrayContaining(ingress.map(([id]) => id)));
    }
  }, 120_000);
});

describe('a development stack (retainData=false)', () => {
  it('deletes its secrets and its cluster with the stack', () => {
    // Act
    const { template } = synthesize({ retainData: 'false' }, { bundle: false });

    // Assess
    for (const type of ['AWS::SecretsManager::Secret', 'AWS::MSK::ServerlessCluster']) {
      for (const [id, r] of ofType(template, type)) expect(r.DeletionPolicy, id).toBe('Delete');
    }
  }, 120_000);
});
