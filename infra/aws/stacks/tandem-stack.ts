import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { archivePartitionFields } from '../../../functions/archiver/archive-partitions.js';
import type { PipelineSpec } from '../../pipeline/index.js';
import { ArchiveCatalog } from '../constructs/archive-catalog.js';
import { DashboardSite } from '../constructs/dashboard-site.js';
import { KafkaCluster } from '../constructs/kafka-cluster.js';
import { bindTrigger, triggerPollers } from '../constructs/kafka-trigger.js';
import { ModelStore } from '../constructs/model-store.js';
import { TandemVpc } from '../constructs/network.js';
import { PipelineFunction, type PipelineFunctionDefaults } from '../constructs/pipeline-function.js';
import { PipelineMonitoring } from '../constructs/pipeline-monitoring.js';
import { PipelineSchedules } from '../constructs/pipeline-schedules.js';
import { PipelineSecrets } from '../constructs/pipeline-secrets.js';
import { PipelineStorage } from '../constructs/pipeline-storage.js';
import { QueryApi, readRoutesAuth } from '../constructs/query-api.js';
import { fromRoot } from '../paths.js';
import { EncryptionMode, type TandemSettings } from '../settings.js';
import { acknowledgeScopedWildcards } from './nag-suppressions.js';

/** The bucket the archiver writes (`functions/archiver/config.ts` reads `bucketEnvName('archive')`). */
const ARCHIVE_BUCKET = 'archive';
/** The bucket holding models when `pipeline.ts` declares one by this name. */
const MODELS_BUCKET = 'models';
/** The bucket the dead-letter sink writes (`functions/lib/dead-letter/sink.ts`). */
const DEAD_LETTER_BUCKET = 'dead-letters';

export interface TandemStackProps extends StackProps {
  pipeline: PipelineSpec;
  settings: TandemSettings;
}

/**
 * The whole pipeline of `infra/pipeline.ts` in one stack: everything it declares is
 * composed here from the constructs, nothing is configured twice. One stack, because
 * resources come and go with `pipeline.ts`, and cross-stack exports cannot be removed
 * while another stack imports them; stateful resources are protected by their removal
 * policies (`retainData`) instead.
 */
export class TandemStack extends Stack {
  readonly functions = new Map<string, PipelineFunction>();
  readonly kafka: KafkaCluster;
  readonly storage: PipelineStorage;
  /** The HTTP API, when pipeline.ts declares routes. */
  readonly api?: QueryApi;
  /** The live dashboard, when the API has read routes for it. */
  readonly dashboard?: DashboardSite;

  constructor(scope: Construct, id: string, props: TandemStackProps) {
    super(scope, id, props);
    const { pipeline, settings } = props;
    const removalPolicy = settings.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const defaults: PipelineFunctionDefaults = {
      logRetention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy,
    };
    const key =
      settings.encryption === EncryptionMode.CUSTOMER_MANAGED
        ? new kms.Key(this, 'DataKey', {
            description: 'tandem: tables, buckets, secrets and the alarm topic',
            enableKeyRotation: true,
            removalPolicy,
          })
        : undefined;

    const network = new TandemVpc(this, 'Network', {
      vpcId: settings.vpcId,
      maxAzs: settings.maxAzs,
      natGateways: settings.natGateways,
      logRetention: defaults.logRetention,
      removalPolicy,
    });
    this.kafka = new KafkaCluster(this, 'Kafka', {
      network,
      functionDefaults: defaults,
      retainData: settings.retainData,
      ...(settings.mskClusterArn
        ? { existing: { clusterArn: settings.mskClusterArn, securityGroupId: settings.mskSecurityGroupId } }
        : {}),
    });
    const topics = new Map(
      settings.manageTopics
        ? Object.entries(pipeline.topics).map(([name, spec]) => [name, this.kafka.addTopic(name, spec)] as const)
        : [],
    );

    const deadLetterBuckets = new Set(
      [
        ...pipeline.triggers.flatMap((t) => (t.onFailure ? [t.onFailure.bucket] : [])),
        ...(DEAD_LETTER_BUCKET in pipeline.buckets ? [DEAD_LETTER_BUCKET] : []),
      ].sort(),
    );
    this.storage = new PipelineStorage(this, 'Storage', {
      tables: pipeline.tables,
      buckets: pipeline.buckets,
      deadLetterBuckets,
      encryptionKey: key,
      retainData: settings.retainData,
    });
    const secrets = new PipelineSecrets(this, 'Secrets', {
      secrets: pipeline.secrets,
      encryptionKey: key,
      retainData: settings.retainData,
    });
    const models =
      Object.keys(pipeline.models).length === 0
        ? undefined
        : new ModelStore(this, 'Models', {
            models: pipeline.models,
            bucket:
              MODELS_BUCKET in pipeline.buckets
                ? this.storage.bucket(MODELS_BUCKET)
                : this.storage.internalBucket(
                    'ModelsBucket',
                    MODELS_BUCKET,
                    { description: 'ONNX models and cards' },
                    { keepNoncurrentDays: 90 },
                  ),
          });

    const functionScope = new Construct(this, 'Functions');
    for (const [name, spec] of Object.entries(pipeline.functions)) {
      const produces = spec.produces ?? [];
      const fn = new PipelineFunction(functionScope, name, {
        ...defaults,
        name,
        entry: fromRoot(spec.handler),
        description: `tandem ${name} (${spec.handler})`,
        memoryMb: spec.memoryMb,
        timeoutSeconds: spec.timeoutSeconds,
        environment: spec.environment,
        onnx: spec.onnx ?? false,
        files: spec.files ?? [],
        reservedConcurrency: settings.reservedConcurrency[name],
        ...(produces.length > 0
          ? {
              network: {
                vpc: network.vpc,
                subnets: network.subnets,
                securityGroups: [this.kafka.clientSecurityGroup],
              },
            }
          : {}),
      });
      for (const t of spec.tables ?? []) fn.bindTable(t.name, this.storage.table(t.name), t.access);
      for (const b of spec.buckets ?? []) fn.bindBucket(b.name, this.storage.bucket(b.name), b.access);
      for (const s of spec.secrets ?? []) fn.bindSecret(s, secrets.secret(s));
      for (const m of spec.models ?? []) {
        if (!models) throw new Error(`functions.${name}.models: no models declared`);
        fn.bindModel(m, { bucket: models.bucket, prefix: models.prefix(m) });
      }
      for (const m of spec.publishes ?? []) {
        if (!models) throw new Error(`functions.${name}.publishes: no models declared`);
        fn.bindModel(m, { bucket: models.bucket, prefix: models.prefix(m) }, 'publish');
      }
      if (produces.length > 0) fn.bindTopicProducer(this.kafka, produces);
      this.functions.set(name, fn);
    }

    for (const trigger of pipeline.triggers) {
      const fn = this.functions.get(trigger.function) as PipelineFunction;
      const pollers = triggerPollers(trigger, pipeline.topics[trigger.topic]?.partitions ?? 1, {
        override: settings.provisionedPollers[trigger.name] ?? settings.provisionedPollers['*'],
        group: `${this.stackName}-kafka`,
      });
      bindTrigger(fn, trigger, {
        cluster: this.kafka,
        ...(trigger.onFailure ? { onFailureBucket: this.storage.bucket(trigger.onFailure.bucket) } : {}),
        ...(pollers ? { pollers } : {}),
        dependsOn: [
          ...(topics.has(trigger.topic) ? [topics.get(trigger.topic) as IConstruct] : []),
          ...(pipeline.functions[trigger.function]?.models ?? []).flatMap((m) => models?.upload(m) ?? []),
        ],
      });
    }

    new PipelineSchedules(this, 'Schedules', { schedules: pipeline.schedules, functions: this.functions });

    const authorization = {
      authMode: settings.authMode,
      ...(settings.jwtIssuer && settings.jwtAudience.length > 0
        ? { jwt: { issuer: settings.jwtIssuer, audience: settings.jwtAudience } }
        : {}),
    };
    // The dashboard reads the API's GET routes; without any there is nothing for it to show.
    const readAuth = readRoutesAuth(pipeline.api, authorization);
    this.dashboard =
      readAuth === undefined
        ? undefined
        : new DashboardSite(this, 'Dashboard', {
            bucket: this.storage.internalBucket(
              'DashboardBucket',
              'dashboard',
              { description: 'Static files of the live dashboard' },
              { s3ManagedEncryption: true },
            ),
            logBucket: this.storage.internalBucket(
              'DashboardLogs',
              'dashboard-logs',
              { description: 'CloudFront standard logs of the dashboard', expireAfterDays: 365 },
              { s3ManagedEncryption: true, objectOwnership: s3.ObjectOwnership.OBJECT_WRITER },
            ),
          });
    this.api =
      pipeline.api.length === 0
        ? undefined
        : new QueryApi(this, 'Api', {
            routes: pipeline.api,
            functions: this.functions,
            ...authorization,
            throttle: settings.apiThrottle,
            ...(this.dashboard ? { browserOrigins: [this.dashboard.url] } : {}),
            logRetention: defaults.logRetention,
            removalPolicy,
          });
    if (this.dashboard && this.api && readAuth) this.dashboard.bindApi(this.api.api, readAuth);

    let catalog: ArchiveCatalog | undefined;
    if (ARCHIVE_BUCKET in pipeline.buckets) {
      catalog = new ArchiveCatalog(this, 'ArchiveCatalog', {
        archive: this.storage.bucket(ARCHIVE_BUCKET),
        topics: Object.keys(pipeline.topics),
        partitionedTopics: archivePartitionFields(pipeline.topics),
        results: this.storage.internalBucket('AthenaResults', 'athena-results', {
          description: 'Athena query results',
          expireAfterDays: 30,
        }),
        databaseName: `${this.stackName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_archive`,
        ...(key ? { kmsKeyArn: key.keyArn } : {}),
      });
    }

    for (const [name, spec] of Object.entries(pipeline.functions)) {
      if (!spec.queriesArchive) continue;
      if (!catalog) throw new Error(`functions.${name}.queriesArchive: no archive bucket declared`);
      this.functions.get(name)?.bindArchiveQueries(catalog);
    }

    const monitoring = new PipelineMonitoring(this, 'Monitoring', {
      functions: this.functions,
      consumers: new Set(pipeline.triggers.map((t) => t.function)),
      tables: this.storage.tables,
      deadLetterBuckets: new Map<string, s3.IBucket>([...deadLetterBuckets].map((b) => [b, this.storage.bucket(b)])),
      ...(this.api ? { api: this.api.api } : {}),
      offsetLagThreshold: settings.offsetLagThreshold,
      deadLetterThreshold: settings.deadLetterThreshold,
      publishers: new Map(
        Object.entries(pipeline.functions).flatMap(([name, spec]) =>
          (spec.publishes ?? []).length > 0 ? [[name, spec.publishes ?? []] as const] : [],
        ),
      ),
      alarmEmail: settings.alarmEmail,
      encryptionKey: key,
      dashboardName: `${this.stackName}-pipeline`,
    });

    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('KafkaClusterArn', this.kafka.clusterArn, 'MSK cluster');
    output('KafkaBootstrapBrokers', this.kafka.bootstrapBrokers(), 'SASL/IAM bootstrap brokers (TLS, port 9098)');
    output(
      'KafkaClientSecurityGroup',
      this.kafka.clientSecurityGroup.securityGroupId,
      'Security group the cluster admits',
    );
    for (const [name, bucket] of this.storage.buckets)
      output(`Bucket${pascal(name)}`, bucket.bucketName, `bucket ${name}`);
    for (const [name, table] of this.storage.tables) output(`Table${pascal(name)}`, table.tableName, `table ${name}`);
    for (const [name, secret] of secrets.secrets)
      output(`Secret${pascal(name)}`, secret.secretArn, `secret ${name}: put its value after deploy (--secret-id)`);
    if (catalog) {
      output('ArchiveTable', `${catalog.databaseName}.${catalog.tableName}`, 'Glue table over the Parquet archive');
      output('AthenaWorkGroup', catalog.workGroupName, 'Athena workgroup with its result location');
    }
    output('AlarmTopic', monitoring.topic.topicArn, 'SNS topic of every alarm');

    acknowledgeScopedWildcards(this);
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
