import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  KAFKA_AUTH_ENV,
  KAFKA_AUTH_MSK_IAM,
  KAFKA_BOOTSTRAP_ENV,
} from '../../../functions/lib/kafka-producer/index.js';
import { METRICS_NAMESPACE } from '../../../functions/lib/middleware/observability.js';
import {
  ARCHIVE_QUERY_ENV,
  bucketEnvName,
  modelUriEnvName,
  secretArnEnvName,
  tableEnvName,
} from '../../pipeline/index.js';
import { fromRoot, REPO_ROOT } from '../paths.js';
import type { ArchiveCatalog } from './archive-catalog.js';
import { ExecutionRole } from './execution-role.js';
import type { KafkaCluster } from './kafka-cluster.js';
import { copyCommands, ONNX_EXTERNAL_MODULES, onnxRuntimeFiles, type ShippedFile } from './onnx-runtime.js';

/** Settings every function of the app shares. */
export interface PipelineFunctionDefaults {
  logRetention: logs.RetentionDays;
  /** Of the function's log group. */
  removalPolicy: RemovalPolicy;
}

export interface PipelineFunctionProps extends PipelineFunctionDefaults {
  /** Pipeline name of the function: Powertools service name and metrics dimension. */
  name: string;
  /** Absolute path of the handler module (exports `handler`). */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Plain configuration (never secrets). */
  environment?: Record<string, string>;
  /** Ship the linux-arm64 onnxruntime-node with the bundle. */
  onnx?: boolean;
  /** Files the handler reads at run time, as paths from the repo root: copied into the bundle at the same path. */
  files?: readonly string[];
  /** Run inside the VPC (Kafka producers and the topic admin only: the brokers are private). */
  network?: { vpc: ec2.IVpc; subnets: ec2.SubnetSelection; securityGroups: ec2.ISecurityGroup[] };
  reservedConcurrency?: number;
}

/** Table access a binding asks for. */
export type TableAccess = 'read' | 'readwrite';
/** Bucket access a binding asks for; `write` is put-only (no reads, no deletes). */
export type BucketAccess = 'read' | 'readwrite' | 'write';

/**
 * Every Lambda function of tandem: Node.js 22 on arm64, one minified ESM bundle with
 * source maps built by the local esbuild (never Docker), JSON logs into its own log group
 * with retention, X-Ray active tracing, Powertools service name and metrics namespace, and
 * an execution role holding scoped inline statements only (see `ExecutionRole`).
 *
 * Resources are attached with `bind*` methods, each setting the environment variable the
 * handler reads (names from `infra/pipeline/names.ts`, the same the local runtime sets)
 * and the IAM grant together, so neither exists without the other.
 */
export class PipelineFunction extends NodejsFunction {
  readonly pipelineName: string;
  readonly inVpc: boolean;
  private pollersGranted = false;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const role = new ExecutionRole(scope, `${id}Role`, { description: `tandem ${props.name}` });
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrency,
      ...(props.network
        ? { vpc: props.network.vpc, vpcSubnets: props.network.subnets, securityGroups: props.network.securityGroups }
        : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        // Stack traces in the logs point into the TypeScript sources, through the bundle's source map.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      projectRoot: REPO_ROOT,
      depsLockFilePath: fromRoot('package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        // Bundle the AWS SDK: the versions package-lock.json pins, not whatever the runtime carries.
        bundleAwsSDK: true,
        externalModules: props.onnx ? [...ONNX_EXTERNAL_MODULES] : [],
        forceDockerBundling: false,
        // @platformatic/kafka's codecs read their wasm from a path next to the package; the
        // package's `bundled` entry inlines it, so the bundle stays one file.
        esbuildArgs: { '--alias': '@platformatic/wasm-utils=@platformatic/wasm-utils/bundled' },
        ...(props.onnx || (props.files ?? []).length > 0
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_input: string, output: string) =>
                  copyCommands(
                    [
                      ...(props.onnx ? onnxRuntimeFiles(fromRoot('node_modules')) : []),
                      ...(props.files ?? []).map((file): ShippedFile => ({ from: fromRoot(file), to: file })),
                    ],
                    output,
                  ),
              },
            }
          : {}),
      },
    });
    this.pipelineName = props.name;
    this.inVpc = props.network !== undefined;
    logGroup.grantWrite(role);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime tandem is built and tested for (DESIGN.md); L1 asks for the newest release.',
    });
    if (props.network) {
      // What AWSLambdaVPCAccessExecutionRole would grant: the function's own network interfaces.
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      );
    }
  }

  /** `TABLE_<NAME>` and read or read-write data access. */
  bindTable(name: string, table: dynamodb.ITable, access: TableAccess): void {
    this.addEnvironment(tableEnvName(name), table.tableName);
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
  }

  /** `BUCKET_<NAME>` and object access: `write` is PutObject only (archive and dead-letter keys are overwritten on retry, never read). */
  bindBucket(name: string, bucket: s3.IBucket, access: BucketAccess): void {
    this.addEnvironment(bucketEnvName(name), bucket.bucketName);
    if (access === 'read') bucket.grantRead(this);
    else if (access === 'write') bucket.grantPut(this);
    else bucket.grantReadWrite(this);
  }

  /** `SECRET_<NAME>_ARN` (never the value) and GetSecretValue on that one secret. */
  bindSecret(name: string, secret: secretsmanager.ISecret): void {
    this.addEnvironment(secretArnEnvName(name), secret.secretArn);
    secret.grantRead(this);
  }

  /**
   * `MODEL_<NAME>_URI` = `s3://<bucket>/<prefix>` (the model's directory) and read access under
   * that prefix; `publish` adds puts there (new versions, the pointer), never deletes.
   */
  bindModel(name: string, model: { bucket: s3.IBucket; prefix: string }, access: 'read' | 'publish' = 'read'): void {
    this.addEnvironment(modelUriEnvName(name), `s3://${model.bucket.bucketName}/${model.prefix}`);
    model.bucket.grantRead(this, `${model.prefix}/*`);
    if (access === 'publish') model.bucket.grantPut(this, `${model.prefix}/*`);
  }

  /** `ARCHIVE_DATABASE`, `ARCHIVE_TABLE`, `ATHENA_WORKGROUP` and what queries over the archive take. */
  bindArchiveQueries(catalog: ArchiveCatalog): void {
    this.addEnvironment(ARCHIVE_QUERY_ENV.database, catalog.databaseName);
    this.addEnvironment(ARCHIVE_QUERY_ENV.table, catalog.tableName);
    this.addEnvironment(ARCHIVE_QUERY_ENV.workGroup, catalog.workGroupName);
    catalog.grantQueries(this);
  }

  /** `KAFKA_BOOTSTRAP`, `KAFKA_AUTH` and write access to `topics`; the function must be in the VPC. */
  bindTopicProducer(cluster: KafkaCluster, topics: readonly string[]): void {
    if (!this.inVpc) throw new Error(`${this.pipelineName} produces to Kafka but was created outside the VPC`);
    this.addEnvironment(KAFKA_BOOTSTRAP_ENV, cluster.bootstrapBrokers());
    this.addEnvironment(KAFKA_AUTH_ENV, KAFKA_AUTH_MSK_IAM);
    cluster.grantProduce(this, topics);
  }

  /** Cluster-level permissions of the event source mapping pollers, once per function. */
  allowEventSourcePollers(cluster: KafkaCluster): void {
    if (this.pollersGranted) return;
    cluster.grantEventSourcePollers(this);
    this.pollersGranted = true;
  }
}
