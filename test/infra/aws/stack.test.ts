import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  directoryAssets,
  type FunctionAsset,
  functionAssets,
  LAMBDA_UNZIPPED_LIMIT_BYTES,
} from '../../../infra/aws/function-assets.js';
import { fromRoot } from '../../../infra/aws/paths.js';
import {
  bucketEnvName,
  consumerGroupOf,
  modelUriEnvName,
  secretArnEnvName,
  tableEnvName,
} from '../../../infra/pipeline/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { windDomainRecords } from '../../models/air-quality/wind-domain.js';
import { writeArchiveBatch } from '../../models/sentiment/archive-fixture.js';
import { duckdbAthena } from '../../models/sentiment/duckdb-athena.js';
import { slangArchive } from '../../models/sentiment/labelled-domain.js';
import { startAthenaEndpoint } from './helpers/athena-http.js';
import { type Synthesized, synthesize } from './helpers/synth.js';

const run = promisify(execFile);

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; Metadata?: unknown };

/**
 * Actions that may be granted on Resource "*" because AWS authorizes them on no narrower
 * resource. Everything else on "*" fails the test.
 */
const STAR_RESOURCE_ALLOWED: Record<string, string> = {
  'xray:PutTraceSegments': 'X-Ray has no resource-level permissions (active tracing)',
  'xray:PutTelemetryRecords': 'X-Ray has no resource-level permissions (active tracing)',
  'ec2:CreateNetworkInterface': 'ENIs of VPC functions / MSK pollers: Lambda creates them, under IDs unknown before',
  'ec2:DeleteNetworkInterface': 'ENIs of VPC functions / MSK pollers, managed by Lambda with the execution role',
  'ec2:DescribeNetworkInterfaces': 'EC2 Describe* actions have no resource-level permissions',
  'ec2:DescribeSubnets': 'EC2 Describe* actions have no resource-level permissions',
  'ec2:DescribeSecurityGroups': 'EC2 Describe* actions have no resource-level permissions',
  'ec2:DescribeVpcs': 'EC2 Describe* actions have no resource-level permissions',
  'ec2:AssignPrivateIpAddresses': 'ENIs of VPC functions (what AWSLambdaVPCAccessExecutionRole grants on *)',
  'ec2:UnassignPrivateIpAddresses': 'ENIs of VPC functions (what AWSLambdaVPCAccessExecutionRole grants on *)',
};

/**
 * Functions aws-cdk-lib adds for its own custom resources, with what they run on. Every
 * other function must be one of tandem's: Node.js 22 on arm64.
 */
const CDK_INTERNAL_FUNCTIONS: { logicalId: RegExp; reason: string }[] = [
  {
    logicalId: /^CustomVpcRestrictDefaultSGCustomResourceProvider/,
    reason: 'removes the default security group rules (@aws-cdk/aws-ec2:restrictDefaultSecurityGroup)',
  },
  {
    logicalId: /^CustomCDKBucketDeployment/,
    reason: 'BucketDeployment copying the model files and the dashboard (Python, aws-cdk-lib)',
  },
];

/** The managed policies CDK-internal roles carry; tandem's own roles carry none. */
const CDK_INTERNAL_MANAGED_POLICY = /service-role\/AWSLambdaBasicExecutionRole/;

// One synthesis (every function bundled by esbuild) shared by every test of this file.
describe('CDK app synthesized from infra/pipeline.ts', () => {
  let synth: Synthesized;
  let resources: Record<string, Resource>;
  let assets: FunctionAsset[];
  const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } } | unknown): string =>
    stack.getLogicalId(
      ((construct as { node: { defaultChild?: unknown } }).node.defaultChild ?? construct) as Parameters<
        Stack['getLogicalId']
      >[0],
    );
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const functionId = (name: string) => logicalId(synth.stack, synth.stack.functions.get(name));
  const env = (name: string) =>
    ((resources[functionId(name)]?.Properties.Environment as { Variables: Record<string, unknown> }).Variables ??
      {}) as Record<string, unknown>;

  beforeAll(async () => {
    synth = synthesize();
    resources = synth.template.toJSON().Resources as Record<string, Resource>;
    assets = await functionAssets(synth.assembly, synth.stack);
    // esbuild bundles every function (and the dashboard) one after another: about 40 s alone,
    // more on a shared two-core machine than vitest's 60 s hook default allows.
  }, 300_000);

  it('gives every trigger an event source mapping with exactly its settings', () => {
    // Prepare
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    const clusterArn = synth.stack.resolve(synth.stack.kafka.clusterArn);

    // Assess
    expect(mappings).toHaveLength(pipeline.triggers.length);
    for (const t of pipeline.triggers) {
      const found = mappings.filter(
        ([, m]) =>
          (m.Properties.AmazonManagedKafkaEventSourceConfig as { ConsumerGroupId: string }).ConsumerGroupId ===
          consumerGroupOf(t, synth.stack.stackName),
      );
      expect(found, t.name).toHaveLength(1);
      const props = (found[0] as [string, Resource])[1].Properties;
      const expected: Record<string, unknown> = {
        FunctionName: { Ref: functionId(t.function) },
        EventSourceArn: clusterArn,
        Topics: [t.topic],
        AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: consumerGroupOf(t, synth.stack.stackName) },
        BatchSize: t.batchSize,
        StartingPosition: t.startingPosition,
        Tags: [{ Key: 'project', Value: 'tandem' }],
      };
      // Lambda's Kafka default window is 500 ms, the only value below a second; others are whole seconds.
      if (t.batchingWindowMs !== 500) expected.MaximumBatchingWindowInSeconds = t.batchingWindowMs / 1000;
      if (t.startingPositionTimestamp !== undefined)
        expected.StartingPositionTimestamp = t.startingPositionTimestamp / 1000;
      if (t.filterCriteria)
        expected.FilterCriteria = { Filters: t.filterCriteria.Filters.map((f) => ({ Pattern: f.Pattern })) };
      if (t.retry) {
        expected.MaximumRetryAttempts = t.retry.maximumRetryAttempts;
        expected.MaximumRecordAgeInSeconds = t.retry.maximumRecordAgeSeconds;
        expected.BisectBatchOnFunctionError = t.retry.bisectBatchOnFunctionError;
      }
      if (t.reportBatchItemFailures) expected.FunctionResponseTypes = ['ReportBatchItemFailures'];
      // Kafka's error-handling controls exist in provisioned mode only: one poller up to one per partition.
      if (t.retry || t.reportBatchItemFailures) {
        expected.ProvisionedPollerConfig = {
          MinimumPollers: 1,
          MaximumPollers: pipeline.topics[t.topic]?.partitions,
          PollerGroupName: 'Tandem-kafka',
        };
      }
      if (t.onFailure) {
        const bucket = logicalId(synth.stack, synth.stack.storage.bucket(t.onFailure.bucket));
        expected.DestinationConfig = { OnFailure: { Destination: { 'Fn::GetAtt': [bucket, 'Arn'] } } };
      }
      expect(props, t.name).toEqual(expected);
    }
  });

  it('passes the window trigger’s FilterCriteria to its mapping: Wikimedia canaries never reach the counter', () => {
    // Prepare
    const trigger = pipeline.triggers.find((t) => t.name === 'window-wiki-changes');
    const mapping = ofType('AWS::Lambda::EventSourceMapping').find(
      ([, m]) =>
        (m.Properties.AmazonManagedKafkaEventSourceConfig as { ConsumerGroupId: string }).ConsumerGroupId ===
        `${synth.stack.stackName}-window-wiki-changes`,
    )?.[1].Properties;

    // Assess
    expect(trigger?.function).toBe('wiki-windows');
    expect(mapping?.FunctionName).toEqual({ Ref: functionId('wiki-windows') });
    expect(mapping?.Topics).toEqual(['wiki-changes']);
    expect(mapping?.FilterCriteria).toEqual(trigger?.filterCriteria);
    const patterns = (mapping?.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((f) =>
      JSON.parse(f.Pattern),
    );
    expect(patterns).toContainEqual({ value: { meta: { domain: [{ 'anything-but': ['canary'] }] } } });
  });

  it('grants each consumer the data plane of exactly its topic and consumer group', () => {
    const policies = ofType('AWS::IAM::Policy').map(([, p]) => JSON.stringify(p.Properties));
    for (const t of pipeline.triggers) {
      const role = logicalId(synth.stack, synth.stack.functions.get(t.function)?.role);
      const policy = policies.find((p) => p.includes(`"Ref":"${role}"`));
      expect(policy, t.name).toBeDefined();
      expect(policy).toContain(`:topic/"`);
      expect(policy).toContain(`/${t.topic}"`);
      expect(policy).toContain(`/${consumerGroupOf(t, synth.stack.stackName)}"`);
      for (const action of ['Connect', 'DescribeGroup', 'AlterGroup', 'DescribeTopic', 'ReadData']) {
        expect(policy).toContain(`"kafka-cluster:${action}"`);
      }
    }
  });

  it('runs every function on Node.js 22 and arm64, except aws-cdk-lib’s own handlers', () => {
    const functions = ofType('AWS::Lambda::Function');
    const ours = functions.filter(([id]) => !CDK_INTERNAL_FUNCTIONS.some((f) => f.logicalId.test(id)));
    expect(ours.length).toBeGreaterThan(Object.keys(pipeline.functions).length);
    for (const [id, fn] of ours) {
      expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(fn.Properties.LoggingConfig, id).toMatchObject({ LogFormat: 'JSON' });
    }
    for (const [name, spec] of Object.entries(pipeline.functions)) {
      const props = resources[functionId(name)]?.Properties;
      expect(props?.MemorySize, name).toBe(spec.memoryMb);
      expect(props?.Timeout, name).toBe(spec.timeoutSeconds);
      expect(env(name).POWERTOOLS_SERVICE_NAME).toBe(name);
    }
  });

  it('binds what each function declares through environment and grant together, secrets by ARN only', () => {
    const stack = synth.stack;
    for (const [name, spec] of Object.entries(pipeline.functions)) {
      const vars = env(name);
      for (const t of spec.tables ?? []) {
        expect(vars[tableEnvName(t.name)], name).toEqual({ Ref: logicalId(stack, stack.storage.table(t.name)) });
      }
      for (const b of spec.buckets ?? []) {
        expect(vars[bucketEnvName(b.name)], name).toEqual({ Ref: logicalId(stack, stack.storage.bucket(b.name)) });
      }
      for (const s of spec.secrets ?? [])
        expect(vars[secretArnEnvName(s)], name).toMatchObject({ Ref: expect.any(String) });
      for (const m of spec.models ?? []) {
        expect(JSON.stringify(vars[modelUriEnvName(m)]), name).toContain(`/${pipeline.models[m]?.directory}`);
      }
      for (const [k, v] of Object.entries(spec.environment ?? {})) expect(vars[k], name).toBe(v);
      expect(
        Object.keys(vars).filter((k) => /^SECRET_.*_VALUE$/.test(k)),
        name,
      ).toEqual([]);
      // Exactly what it declares: no binding variable beyond them.
      expect(
        Object.keys(vars)
          .filter((k) => /^(TABLE|BUCKET|SECRET)_|^MODEL_\w+_URI$/.test(k))
          .sort(),
        name,
      ).toEqual(
        [
          ...(spec.tables ?? []).map((t) => tableEnvName(t.name)),
          ...(spec.buckets ?? []).map((b) => bucketEnvName(b.name)),
          ...(spec.secrets ?? []).map((x) => secretArnEnvName(x)),
          ...(spec.models ?? []).map((m) => modelUriEnvName(m)),
          ...(spec.publishes ?? []).map((m) => modelUriEnvName(m)),
        ].sort(),
      );
      const produces = (spec.produces ?? []).length > 0;
      expect(vars.KAFKA_BOOTSTRAP !== undefined, name).toBe(produces);
      expect(resources[functionId(name)]?.Properties.VpcConfig !== undefined, name).toBe(produces);
    }
  });

  it('grants each function its declared tables only, and no writes where it declares read', () => {
    const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
    const tableIds = new Map(
      Object.keys(pipeline.tables).map((t) => [logicalId(synth.stack, synth.stack.storage.table(t)), t] as const),
    );
    for (const [name, spec] of Object.entries(pipeline.functions)) {
      // Prepare: the statements of the function's own role.
      const role = logicalId(synth.stack, synth.stack.functions.get(name)?.role);
      const statements = ofType('AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
        .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement);
      const touching = (table: string) => statements.filter((st) => JSON.stringify(st).includes(`"${table}"`));

      // Assess
      const granted = [...tableIds].filter(([id]) => touching(id).length > 0).map(([, t]) => t);
      expect(granted.sort(), name).toEqual((spec.tables ?? []).map((t) => t.name).sort());
      for (const t of spec.tables ?? []) {
        const id = logicalId(synth.stack, synth.stack.storage.table(t.name));
        const actions = touching(id).flatMap((st) => ([] as string[]).concat(st.Action));
        expect(actions, `${name} → ${t.name}`).toContain('dynamodb:Query');
        for (const w of WRITES) expect(actions.includes(w), `${name} → ${t.name}: ${w}`).toBe(t.access === 'readwrite');
      }
    }
  });

  it('lets the retrainer query the archive in its workgroup and put under its models’ prefixes only, never delete', () => {
    // Prepare: every statement of every function role, by function.
    const statementsOf = (name: string) => {
      const role = logicalId(synth.stack, synth.stack.functions.get(name)?.role);
      return ofType('AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
        .flatMap(
          ([, p]) =>
            (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
              .Statement,
        );
    };
    const actions = (statements: { Action: string | string[] }[]) =>
      statements.flatMap((st) => ([] as string[]).concat(st.Action));
    const retrainer = statementsOf('retrainer');
    const on = (text: string) => retrainer.filter((st) => JSON.stringify(st.Resource).includes(text));

    // Assess
    expect(env('retrainer')).toMatchObject({
      ARCHIVE_TABLE: 'raw_events',
      ARCHIVE_DATABASE: expect.stringMatching(/_archive$/),
      ATHENA_WORKGROUP: expect.stringMatching(/-archive$/),
    });
    expect(actions(on(':workgroup/'))).toEqual(
      expect.arrayContaining(['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults']),
    );
    expect(actions(on(':table/'))).toEqual(expect.arrayContaining(['glue:GetTable', 'glue:GetDatabase']));
    expect(JSON.stringify(on(':table/'))).toContain('_archive/raw_events');
    expect(actions(on('/raw/*'))).toContain('s3:GetObject*');
    expect(actions(on('/results/*'))).toContain('s3:PutObject');
    for (const model of pipeline.functions.retrainer?.publishes ?? []) {
      const prefix = on(`/${pipeline.models[model]?.directory}/*`);
      expect(actions(prefix), model).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:PutObject']));
    }
    expect(actions(retrainer).filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
    // Nothing else queries the archive.
    for (const name of Object.keys(pipeline.functions).filter((n) => n !== 'retrainer')) {
      expect(
        actions(statementsOf(name)).filter((a) => a.startsWith('athena:') || a.startsWith('glue:')),
        name,
      ).toEqual([]);
    }
  });

  it('lets each function read exactly the secrets it declares: the X relay its bearer token, the Bluesky relay none', () => {
    const secretIds = new Map(
      [...synth.stack.node.findAll()]
        .filter((c) => c.node.id.startsWith('Secret-') && c.node.scope?.node.id === 'Secrets')
        .map((c) => [logicalId(synth.stack, c), c.node.id.slice('Secret-'.length)] as const),
    );
    expect([...secretIds.values()].sort()).toEqual(Object.keys(pipeline.secrets).sort());
    for (const [name, spec] of Object.entries(pipeline.functions)) {
      // Prepare: the statements of the function's own role that name a secret.
      const role = logicalId(synth.stack, synth.stack.functions.get(name)?.role);
      const statements = ofType('AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
        .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: unknown[] }).Statement);
      const readable = [...secretIds]
        .filter(([id]) =>
          statements.some(
            (st) =>
              JSON.stringify(st).includes(`"${id}"`) && JSON.stringify(st).includes('secretsmanager:GetSecretValue'),
          ),
        )
        .map(([, secret]) => secret);

      // Assess
      expect(readable.sort(), name).toEqual([...(spec.secrets ?? [])].sort());
    }
    expect(pipeline.functions['x-relay']?.secrets).toEqual(['x-bearer-token']);
    expect(pipeline.functions['bluesky-relay']?.secrets ?? []).toEqual([]);
  });

  it('grants no "*" action anywhere and "*" resources only to actions without resource-level permissions', () => {
    const statements: { where: string; Action: unknown; Resource: unknown; Effect: string }[] = [];
    for (const [id, r] of Object.entries(resources)) {
      const docs =
        r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy'
          ? [r.Properties.PolicyDocument]
          : r.Type === 'AWS::IAM::Role'
            ? ((r.Properties.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map((p) => p.PolicyDocument)
            : [];
      for (const doc of docs) {
        for (const s of (doc as { Statement: [] }).Statement) statements.push({ where: id, ...(s as object) } as never);
      }
    }
    expect(statements.length).toBeGreaterThan(10);
    for (const s of statements.filter((x) => x.Effect === 'Allow')) {
      const actions = ([] as string[]).concat(s.Action as string[]);
      const res = ([] as unknown[]).concat(s.Resource);
      for (const a of actions) expect(a === '*' || a.endsWith(':*'), `${s.where}: ${a}`).toBe(false);
      if (res.includes('*')) {
        for (const a of actions) expect(STAR_RESOURCE_ALLOWED[a], `${s.where}: ${a} on *`).toBeDefined();
      }
    }
    for (const [id, role] of ofType('AWS::IAM::Role')) {
      const managed = JSON.stringify(role.Properties.ManagedPolicyArns ?? []);
      if (managed === '[]') continue;
      const internal = /CDKBucketDeployment|CustomVpcRestrictDefaultSG/.test(id);
      expect(internal && CDK_INTERNAL_MANAGED_POLICY.test(managed), `${id}: ${managed}`).toBe(true);
    }
  });

  it('protects every table: on-demand, point-in-time recovery, TTL, encryption, deletion protection', () => {
    for (const [name, spec] of Object.entries(pipeline.tables)) {
      const table = resources[logicalId(synth.stack, synth.stack.storage.table(name))] as Resource;
      expect(table.DeletionPolicy, name).toBe('Retain');
      expect(table.Properties, name).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
        KeySchema: [
          { AttributeName: spec.partitionKey, KeyType: 'HASH' },
          ...(spec.sortKey ? [{ AttributeName: spec.sortKey, KeyType: 'RANGE' }] : []),
        ],
        ...(spec.ttlAttribute ? { TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true } } : {}),
      });
      const indexes = (table.Properties.GlobalSecondaryIndexes as { IndexName: string }[] | undefined) ?? [];
      expect(indexes.map((i) => i.IndexName).sort(), name).toEqual(Object.keys(spec.indexes ?? {}).sort());
      // Key attributes are strings unless declared in numberAttributes.
      for (const a of table.Properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[]) {
        expect(a.AttributeType, `${name}.${a.AttributeName}`).toBe(
          spec.numberAttributes?.includes(a.AttributeName) ? 'N' : 'S',
        );
      }
    }
  });

  it('keys the window tables for point reads per series and top N per window', () => {
    const table = (name: string) =>
      (resources[logicalId(synth.stack, synth.stack.storage.table(name))] as Resource).Properties;

    // Assess: one item per (metric|key, window start), numbers sort as numbers.
    const windows = table('windows');
    expect(windows.KeySchema).toEqual([
      { AttributeName: 'series', KeyType: 'HASH' },
      { AttributeName: 'start', KeyType: 'RANGE' },
    ]);
    expect(windows.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'series', AttributeType: 'S' },
        { AttributeName: 'start', AttributeType: 'N' },
        { AttributeName: 'window', AttributeType: 'S' },
        { AttributeName: 'count', AttributeType: 'N' },
      ]),
    );
    expect(windows.AttributeDefinitions).toHaveLength(4);
    expect(windows.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'by-window',
        KeySchema: [
          { AttributeName: 'window', KeyType: 'HASH' },
          { AttributeName: 'count', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(windows.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    for (const name of ['window-state', 'relay-checkpoints']) {
      expect(table(name).KeySchema, name).toEqual([
        { AttributeName: pipeline.tables[name]?.partitionKey, KeyType: 'HASH' },
      ]);
    }
  });

  it('protects every bucket: encryption, public access blocked, TLS only, access logs, lifecycle as declared', () => {
    const policies = ofType('AWS::S3::BucketPolicy');
    const accessLogs = logicalId(synth.stack, synth.stack.storage.accessLogs);
    for (const [name, spec] of Object.entries(pipeline.buckets)) {
      const id = logicalId(synth.stack, synth.stack.storage.bucket(name));
      const bucket = resources[id] as Resource;
      expect(bucket.DeletionPolicy, name).toBe('Retain');
      expect(bucket.Properties, name).toMatchObject({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: expect.anything() }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: accessLogs }, LogFilePrefix: `${name}/` },
      });
      const rules = (bucket.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
      if (spec.infrequentAccessAfterDays !== undefined) {
        expect(rules, name).toContainEqual(
          expect.objectContaining({
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: spec.infrequentAccessAfterDays }],
          }),
        );
      }
      if (spec.expireAfterDays !== undefined) {
        expect(rules, name).toContainEqual(expect.objectContaining({ ExpirationInDays: spec.expireAfterDays }));
      }
      const policy = policies.find(([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id }));
      expect(JSON.stringify(policy?.[1].Properties), name).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('declares the Parquet archive in Glue with partition projection on topic and date', () => {
    synth.template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        PartitionKeys: [
          { Name: 'topic', Type: 'string' },
          { Name: 'dt', Type: 'date' },
        ],
        Parameters: Match.objectLike({
          'projection.enabled': 'true',
          'projection.topic.values': Object.keys(pipeline.topics).join(','),
          'projection.dt.type': 'date',
        }),
        StorageDescriptor: Match.objectLike({
          Columns: [
            { Name: 'partition', Type: 'int' },
            { Name: 'offset', Type: 'bigint' },
            { Name: 'timestamp', Type: 'timestamp' },
            { Name: 'key', Type: 'string' },
            { Name: 'value', Type: 'string' },
            { Name: 'headers', Type: 'string' },
            { Name: 'ingest_time', Type: 'timestamp' },
          ],
        }),
      }),
    });
  });

  it('schedules every declared schedule and routes every declared API route with its authorization', () => {
    for (const s of pipeline.schedules) {
      synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: s.expression,
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId(s.function), 'Arn'] } }),
      });
    }
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(pipeline.api.map((r) => r.route).sort());
    for (const r of pipeline.api) {
      const route = routes.find((x) => x.RouteKey === r.route);
      // Without -c jwtIssuer (the default context) jwt routes fall back to IAM: never open.
      expect(route?.AuthorizationType, r.route).toBe(r.auth === 'none' ? 'NONE' : 'AWS_IAM');
    }
    if (pipeline.api.length > 0) {
      synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
        DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: Match.anyValue() }),
      });
    }
  });

  it('relays Wikimedia every minute from the VPC, whose private subnets reach the internet through NAT', () => {
    // Prepare
    const schedule = ofType('AWS::Scheduler::Schedule')
      .map(([, r]) => r.Properties)
      .find((p) => JSON.stringify(p.Target).includes(`"${functionId('wiki-relay')}"`));
    const relay = resources[functionId('wiki-relay')]?.Properties as {
      VpcConfig: { SubnetIds: { Ref: string }[]; SecurityGroupIds: { 'Fn::GetAtt': [string, string] }[] };
    };
    const tableOf = (subnet: string) =>
      ofType('AWS::EC2::SubnetRouteTableAssociation').find(
        ([, a]) => JSON.stringify(a.Properties.SubnetId) === JSON.stringify({ Ref: subnet }),
      )?.[1].Properties.RouteTableId;

    // Assess: the schedule pipeline.ts declares, with no `runsLocally` leaking into AWS.
    expect(schedule).toMatchObject({
      ScheduleExpression: 'rate(1 minute)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: { 'Fn::GetAtt': [functionId('wiki-relay'), 'Arn'] } },
    });
    expect(schedule?.State ?? 'ENABLED').toBe('ENABLED');
    // Outbound HTTPS to stream.wikimedia.org: every subnet it runs in routes 0.0.0.0/0 to a NAT gateway …
    expect(relay.VpcConfig.SubnetIds.length).toBeGreaterThanOrEqual(2);
    for (const { Ref: subnet } of relay.VpcConfig.SubnetIds) {
      const routes = ofType('AWS::EC2::Route')
        .map(([, r]) => r.Properties)
        .filter((r) => JSON.stringify(r.RouteTableId) === JSON.stringify(tableOf(subnet)));
      expect(routes, subnet).toContainEqual(
        expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: expect.anything() }),
      );
    }
    // … and its security groups let it out.
    for (const sg of relay.VpcConfig.SecurityGroupIds) {
      expect(resources[sg['Fn::GetAtt'][0]]?.Properties.SecurityGroupEgress).toContainEqual(
        expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }),
      );
    }
  });

  it('answers the read routes from query-api behind IAM, through one integration', () => {
    // Prepare
    const integrations = ofType('AWS::ApiGatewayV2::Integration');
    const integrationOf = (route: Record<string, unknown>) =>
      integrations.find(([id]) => JSON.stringify(route.Target).includes(`"${id}"`))?.[1].Properties;
    const reads = pipeline.api.filter((r) => r.route.startsWith('GET '));

    // Assess
    expect(reads.length).toBeGreaterThanOrEqual(5);
    for (const r of reads) {
      const route = ofType('AWS::ApiGatewayV2::Route').find(([, x]) => x.Properties.RouteKey === r.route)?.[1]
        .Properties as Record<string, unknown>;
      expect(route.AuthorizationType, r.route).toBe('AWS_IAM');
      expect(integrationOf(route), r.route).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': [functionId(r.function), 'Arn'] },
        PayloadFormatVersion: '2.0',
      });
    }
    const queryIntegrations = integrations.filter(([, i]) =>
      JSON.stringify(i.Properties.IntegrationUri).includes(`"${functionId('query-api')}"`),
    );
    expect(queryIntegrations).toHaveLength(1);
  });

  it('serves the dashboard from a private bucket through CloudFront with OAC, HTTPS only and security headers', () => {
    // Prepare
    const site = synth.stack.dashboard;
    if (!site) throw new Error('no dashboard');
    const bucketId = logicalId(synth.stack, site.bucket);
    const distributionId = logicalId(synth.stack, site.distribution);
    const bucket = resources[bucketId] as Resource;
    const distribution = (resources[distributionId] as Resource).Properties.DistributionConfig as Record<
      string,
      unknown
    >;
    const [oacId, oac] = ofType('AWS::CloudFront::OriginAccessControl')[0] as [string, Resource];
    const policy = ofType('AWS::S3::BucketPolicy').find(
      ([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
    )?.[1].Properties.PolicyDocument as { Statement: Record<string, unknown>[] };

    // Assess: the bucket is private, encrypted, logged, TLS only, and readable by this distribution only.
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(synth.stack, synth.stack.storage.accessLogs) },
        LogFilePrefix: 'dashboard/',
      },
    });
    expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    const allows = policy.Statement.filter((st) => st.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    ]);
    expect(JSON.stringify(allows[0]?.Condition)).toContain(`"${distributionId}"`);
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(distribution).toMatchObject({
      DefaultRootObject: 'index.html',
      Enabled: true,
      Origins: [
        {
          DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
          OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
        },
      ],
      DefaultCacheBehavior: {
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD'],
        ResponseHeadersPolicyId: { Ref: expect.any(String) },
      },
      Logging: { Bucket: { 'Fn::GetAtt': [expect.any(String), 'RegionalDomainName'] }, Prefix: 'dashboard/' },
    });
    const headersId = (distribution.DefaultCacheBehavior as { ResponseHeadersPolicyId: { Ref: string } })
      .ResponseHeadersPolicyId.Ref;
    const headers = (resources[headersId] as Resource).Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
    };
    expect(headers.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
    });
    const csp = JSON.stringify(headers.SecurityHeadersConfig.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' https://*.execute-api.us-east-1.");
    expect(Object.keys(synth.template.toJSON().Outputs)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^DashboardUrl/)]),
    );
  });

  it('deploys the built page, then config.json with the API URL resolved at deploy time', async () => {
    // Prepare
    const site = synth.stack.dashboard;
    if (!site) throw new Error('no dashboard');
    const bucketId = logicalId(synth.stack, site.bucket);
    const deployments = ofType('Custom::CDKBucketDeployment').filter(
      ([, d]) => JSON.stringify(d.Properties.DestinationBucketName) === JSON.stringify({ Ref: bucketId }),
    );
    const [assetsId, assetsDeployment] = deployments.find(([, d]) => d.Properties.Include === undefined) as [
      string,
      Resource,
    ];
    const page = deployments.find(([, d]) => d.Properties.Include !== undefined)?.[1] as Resource & {
      DependsOn?: string[];
    };
    const dirs = directoryAssets(synth.assembly, synth.stack);
    const staged = (d: Resource) => (d.Properties.SourceObjectKeys as string[]).map((k) => dirs.get(k) as string);

    // Assess: hashed files first, cached for good; then index.html and config.json, revalidated.
    expect(deployments).toHaveLength(2);
    expect(assetsDeployment.Properties).toMatchObject({
      Exclude: ['index.html', 'config.json'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(page.Properties).toMatchObject({
      Exclude: ['*'],
      Include: ['index.html', 'config.json'],
      SystemMetadata: { 'cache-control': 'no-cache' },
      SourceMarkers: [
        {},
        { '<<marker:0xbaba:0>>': { 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.api?.api), 'ApiEndpoint'] } },
      ],
    });
    expect(page.DependsOn).toEqual(expect.arrayContaining([assetsId]));
    // The build (buildDashboard at synth time): the page and the hashed files it names, no config.json.
    const [built, config] = staged(page) as [string, string];
    expect(staged(assetsDeployment)).toEqual([built]);
    const files = await readdir(built);
    expect(files).not.toContain('config.json');
    const html = await readFile(path.join(built, 'index.html'), 'utf8');
    for (const named of html.match(/(app|styles)-[A-Z0-9]+\.(js|css)/g) ?? []) expect(files).toContain(named);
    expect(html.match(/(app|styles)-[A-Z0-9]+\.(js|css)/g)).toHaveLength(2);
    // config.json: the API endpoint (a deploy-time marker) and the read routes' authorization.
    expect(await readdir(config)).toEqual(['config.json']);
    expect(JSON.parse(await readFile(path.join(config, 'config.json'), 'utf8'))).toEqual({
      apiBaseUrl: '<<marker:0xbaba:0>>',
      auth: 'iam',
    });
  });

  it('lets only the dashboard origin call the API from a browser: GET with an Authorization header', () => {
    const site = synth.stack.dashboard;
    if (!site) throw new Error('no dashboard');
    const api = resources[logicalId(synth.stack, synth.stack.api?.api)] as Resource;
    expect(api.Properties.CorsConfiguration).toEqual({
      AllowOrigins: [
        { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(synth.stack, site.distribution), 'DomainName'] }]] },
      ],
      AllowMethods: ['GET'],
      AllowHeaders: ['authorization'],
      MaxAge: 3600,
    });
  });

  it('creates a topic resource per topic before the mappings that read it', () => {
    const topics = ofType('Custom::KafkaTopic').map(([, r]) => r.Properties);
    expect(topics.map((t) => t.Topic).sort()).toEqual(Object.keys(pipeline.topics).sort());
    for (const [name, spec] of Object.entries(pipeline.topics)) {
      expect(topics.find((t) => t.Topic === name)).toMatchObject({
        Partitions: spec.partitions,
        RetentionMs: spec.retentionHours * 3_600_000,
      });
    }
    for (const [, m] of ofType('AWS::Lambda::EventSourceMapping')) {
      expect(JSON.stringify((m as { DependsOn?: unknown }).DependsOn)).toMatch(/KafkaTopic/);
    }
  });

  it('alarms on OffsetLag, errors, throttles, dead letters and table throttles', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const metric = (name: string) => alarms.filter((a) => a.MetricName === name).length;
    const consumers = new Set(pipeline.triggers.map((t) => t.function));
    const lagQuery = (name: string) =>
      JSON.stringify({
        'Fn::Join': [
          '',
          [`SELECT MAX(OffsetLag) FROM "AWS/Lambda" WHERE FunctionName = '`, { Ref: functionId(name) }, `'`],
        ],
      });
    const lagAlarms = alarms.filter((a) => JSON.stringify(a.Metrics ?? '').includes('OffsetLag'));
    expect(lagAlarms).toHaveLength(consumers.size);
    for (const name of consumers) {
      expect(
        lagAlarms.filter(
          (a) => JSON.stringify((a.Metrics as { Expression: unknown }[])[0]?.Expression) === lagQuery(name),
        ),
        name,
      ).toHaveLength(1);
    }
    expect(metric('Errors')).toBeGreaterThanOrEqual(Object.keys(pipeline.functions).length);
    expect(metric('Throttles')).toBeGreaterThanOrEqual(Object.keys(pipeline.functions).length);
    expect(metric('PutRequests')).toBeGreaterThanOrEqual(1);
    // One Errors and one Throttles alarm per function (the new ones included).
    const on = (name: string) => JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId(name) } }]);
    for (const name of Object.keys(pipeline.functions)) {
      for (const m of ['Errors', 'Throttles']) {
        expect(
          alarms.filter((a) => a.MetricName === m && JSON.stringify(a.Dimensions) === on(name)),
          `${m} ${name}`,
        ).toHaveLength(1);
      }
    }
    expect(alarms.filter((a) => JSON.stringify(a.Metrics ?? '').includes('ThrottleEvents'))).toHaveLength(
      Object.keys(pipeline.tables).length,
    );
    for (const a of alarms) expect(a.AlarmActions).toHaveLength(1);
    // Per retrained model: any failed night, and a candidate rejected three nights in a row.
    for (const model of pipeline.functions.retrainer?.publishes ?? []) {
      const dims = JSON.stringify([
        { Name: 'model', Value: model },
        { Name: 'service', Value: 'retrainer' },
      ]);
      const of = (metricName: string) =>
        alarms.filter(
          (a) =>
            a.MetricName === metricName &&
            JSON.stringify([...(a.Dimensions as { Name: string }[])].sort((x, y) => x.Name.localeCompare(y.Name))) ===
              dims,
        );
      expect(of('RetrainFailed'), model).toEqual([
        expect.objectContaining({ Namespace: 'tandem', Period: 86_400, EvaluationPeriods: 1, Threshold: 1 }),
      ]);
      expect(of('RetrainRejected'), model).toEqual([
        expect.objectContaining({ Period: 86_400, EvaluationPeriods: 3, Threshold: 1, Statistic: 'Sum' }),
      ]);
    }
  });

  it('ships the linux-arm64 ONNX runtime with scoring functions only', async () => {
    for (const [name, spec] of Object.entries(pipeline.functions)) {
      const asset = assets.find((a) => a.name === name);
      expect(asset, name).toBeDefined();
      const top = await readdir(asset?.dir as string);
      if (!spec.onnx) {
        expect(top.sort(), name).toEqual(['index.mjs', 'index.mjs.map']);
        continue;
      }
      const platforms = await readdir(path.join(asset?.dir as string, 'node_modules/onnxruntime-node/bin/napi-v6'));
      expect(platforms, name).toEqual(['linux']);
      const arches = await readdir(path.join(asset?.dir as string, 'node_modules/onnxruntime-node/bin/napi-v6/linux'));
      expect(arches, name).toEqual(['arm64']);
    }
  });

  it('keeps every function under Lambda’s 250 MB unzipped limit', () => {
    expect(assets.length).toBeGreaterThan(Object.keys(pipeline.functions).length);
    for (const a of assets) expect(a.bytes, a.name ?? a.logicalId).toBeLessThan(LAMBDA_UNZIPPED_LIMIT_BYTES);
  });

  /** A copy of a function's bundle that loads here: the bundle carries linux-arm64 ONNX binaries only, so this machine's are lent. */
  const loadableBundle = async (
    asset: FunctionAsset,
    onnx: boolean,
  ): Promise<{ dir: string; done(): Promise<void> }> => {
    if (!onnx || `${process.platform}-${process.arch}` === 'linux-arm64')
      return { dir: asset.dir, done: async () => {} };
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'tandem-bundle-'));
    await cp(asset.dir, tmp, { recursive: true });
    const host = `bin/napi-v6/${process.platform}/${process.arch}`;
    await cp(fromRoot(`node_modules/onnxruntime-node/${host}`), path.join(tmp, 'node_modules/onnxruntime-node', host), {
      recursive: true,
    });
    return { dir: tmp, done: () => rm(tmp, { recursive: true, force: true }) };
  };

  it('retrains both models inside the retrainer bundle: corpus, holdout, PM10 history and onnxruntime ship with it', async () => {
    // Prepare: the bundle alone, outside the repo; its SDK's Athena pointed at a stand-in that runs
    // the query on DuckDB over an archive; the registry a directory holding the shipped model.
    const asset = assets.find((a) => a.name === 'retrainer') as FunctionAsset;
    const bundle = await loadableBundle(asset, true);
    const work = await mkdtemp(path.join(os.tmpdir(), 'tandem-retrainer-bundle-'));
    const t0 = Date.UTC(2026, 10, 30, 9);
    const { feedback, labels } = slangArchive(t0);
    await writeArchiveBatch(path.join(work, 'archive'), 'feedback', feedback, t0);
    await writeArchiveBatch(path.join(work, 'archive'), 'feedback-labels', labels, t0 + 1);
    // 60 archived days of three locations whose PM10 follows the wind (test/models/air-quality).
    const airDays = windDomainRecords(Date.UTC(2026, 8, 1), 60);
    await writeArchiveBatch(path.join(work, 'archive'), 'air-quality-checked', airDays.checked, t0);
    await writeArchiveBatch(path.join(work, 'archive'), 'weather', airDays.weather, t0);
    const registry = path.join(work, 'registry');
    const airRegistry = path.join(work, 'air-registry');
    for (const file of ['model.onnx', 'model-card.json']) {
      await cp(fromRoot(`models/sentiment/${file}`), path.join(registry, file));
      await cp(fromRoot(`models/air-quality/${file}`), path.join(airRegistry, file));
    }
    const athena = duckdbAthena({ archiveRoot: path.join(work, 'archive') });
    const endpoint = await startAthenaEndpoint(athena.client);
    const script = [
      `const m = await import(${JSON.stringify(path.join(bundle.dir, 'index.mjs'))});`,
      "const context = { functionName: 'retrainer', functionVersion: '$LATEST', awsRequestId: 'r-1',",
      "  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:retrainer', memoryLimitInMB: '1024',",
      '  getRemainingTimeInMillis: () => 900000 };',
      'const result = await m.handler({}, context);',
      "process.stderr.write('RESULT ' + JSON.stringify(result) + '\\n');",
      'process.exit(0);',
    ].join('\n');

    // Act
    const { stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: work,
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_ATHENA: endpoint.url,
        ARCHIVE_DATABASE: 'archive_db',
        ARCHIVE_TABLE: 'raw_events',
        ATHENA_WORKGROUP: 'tandem-archive',
        MODEL_SENTIMENT_URI: registry,
        MODEL_AIR_QUALITY_URI: airRegistry,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
      // Training the PM10 forecaster (270 trees over 117k rows) takes 15-30 s on this machine.
      timeout: 240_000,
    }).finally(async () => {
      await endpoint.close();
      await bundle.done();
    });
    const result = JSON.parse(/^RESULT (.*)$/m.exec(stderr)?.[1] ?? 'null');
    // A failed run writes no version: the report above then says why.
    const versions = await readdir(path.join(registry, 'versions')).catch(() => []);
    const airVersions = await readdir(path.join(airRegistry, 'versions')).catch(() => []);
    await rm(work, { recursive: true, force: true });

    // Assess
    expect(result, stderr).toEqual({
      models: [
        { model: 'sentiment', outcome: 'published', candidate: expect.any(String) },
        { model: 'air-quality', outcome: 'published', candidate: expect.any(String) },
      ],
    });
    expect(versions).toEqual([result.models[0].candidate]);
    expect(airVersions).toEqual([result.models[1].candidate]);
    expect(athena.calls.started.map((q) => q.WorkGroup)).toEqual(['tandem-archive', 'tandem-archive']);
  }, 300_000);

  it('loads every bundle in Node with its deployed environment', async () => {
    expect(assets.filter((a) => a.name !== undefined).length).toBeGreaterThan(Object.keys(pipeline.functions).length);
    for (const name of Object.keys(pipeline.functions)) expect(assets.map((a) => a.name)).toContain(name);
    for (const asset of assets.filter((a) => a.name !== undefined)) {
      // Prepare: the function's environment with deploy-time values stubbed, models read from the repo.
      const spec = pipeline.functions[asset.name as string];
      const vars = asset.name === 'kafka-admin' ? {} : env(asset.name as string);
      const childEnv: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      };
      for (const [k, v] of Object.entries(vars)) childEnv[k] = typeof v === 'string' ? v : 'deploy-time-value';
      for (const m of spec?.models ?? []) childEnv[modelUriEnvName(m)] = fromRoot(pipeline.models[m]?.directory ?? '');
      const bundle = await loadableBundle(asset, spec?.onnx ?? false);

      // Act
      const script = `const m = await import(${JSON.stringify(path.join(bundle.dir, 'index.mjs'))}); console.log(typeof m.handler); process.exit(0);`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        env: childEnv,
        timeout: 30_000,
      }).finally(() => bundle.done());

      // Assess
      expect(stdout.trim(), asset.name).toBe('function');
    }
  });
  describe('cdk-nag AwsSolutions checks', () => {
    /** Every acknowledgement in the tree: rule id, reason, and the construct it sits on. */
    const acknowledgements = () =>
      synth.stack.node.findAll().flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) =>
            Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
              path: c.node.path,
              id,
              reason,
            })),
          ),
      );

    it('reports no error (synthesis runs the checks too, and fails on any)', () => {
      // Act
      const report = new AwsSolutionsChecks().validateScope(synth.stack.node.root);

      // Assess
      const errors = report.violations.filter((v) => v.severity === 'error');
      expect(errors.map((v) => `${v.ruleName}: ${JSON.stringify(v.violatingResources)}`)).toEqual([]);
    });

    it('gives every acknowledged finding a reason', () => {
      const acks = acknowledgements().filter((a) => a.id.includes('AwsSolutions-'));
      expect(acks.length).toBeGreaterThan(0);
      for (const a of acks) expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(20);
    });

    it('acknowledges Resource::* only for listed actions, and says which lack resource-level permissions', () => {
      const acks = acknowledgements().filter((x) => x.id.endsWith('[Resource::*]'));
      expect(acks.length).toBeGreaterThan(0);
      for (const a of acks) {
        expect(a.reason, a.path).toMatch(/^actions granted on \* \((xray|ec2):/);
        // The interface actions are authorized per resource: the reason must not claim otherwise.
        if (a.reason.includes('ec2:CreateNetworkInterface')) {
          expect(a.reason, a.path).toContain('authorized per interface, subnet and security group');
        }
      }
    });
  });

  describe('template snapshot', () => {
    /**
     * Asset hashes change with every byte of every bundle, so they are replaced before
     * comparing: the snapshot tracks the infrastructure, not the code. It changes whenever
     * pipeline.ts does; review the diff, then update it with `npx vitest run test/infra/aws -u`.
     */
    const normalise = (template: unknown): unknown =>
      JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '[asset hash]'));

    it('matches the reviewed snapshot (asset hashes normalised)', () => {
      expect(normalise(synth.template.toJSON())).toMatchSnapshot();
    });
  });
});
