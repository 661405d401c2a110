import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BucketSpec, TableSpec } from '../../pipeline/index.js';
import { UnsupportedOnAwsError } from '../errors.js';

/** S3 accepts a transition to Standard-IA no earlier than 30 days after creation. */
const MIN_INFREQUENT_ACCESS_DAYS = 30;

/** Id of the request-metrics filter on dead-letter buckets: the alarm counts PutRequests under it. */
export const DEAD_LETTER_METRICS_FILTER = 'DeadLetterWrites';

/** What an internal bucket may do differently from the pipeline's own buckets. */
export interface InternalBucketOptions {
  /**
   * SSE-S3 even when the stack has a customer-managed key: for files served to anyone
   * (the dashboard), where the key protects nothing, and for writers that cannot use the
   * key (CloudFront standard logs).
   */
  s3ManagedEncryption?: boolean;
  /** Default BUCKET_OWNER_ENFORCED (ACLs off); CloudFront standard logging needs ACLs on. */
  objectOwnership?: s3.ObjectOwnership;
  /**
   * S3 versioning, with replaced versions expired after this many days: for the models bucket,
   * whose registry pointer (current.json) is overwritten on every publish and rollback, so each
   * earlier pointer, and any model file a deploy overwrote, can still be read back.
   */
  keepNoncurrentDays?: number;
}

export interface PipelineStorageProps {
  tables: Record<string, TableSpec>;
  buckets: Record<string, BucketSpec>;
  /** Buckets that receive dead letters: they get request metrics for the dead-letter alarm. */
  deadLetterBuckets: ReadonlySet<string>;
  /** Customer-managed key; unset uses AWS-owned/managed keys (SSE-S3, DynamoDB default encryption). */
  encryptionKey?: kms.IKey;
  retainData: boolean;
}

/**
 * The pipeline's tables and buckets with the protections every one gets. Tables:
 * on-demand, point-in-time recovery, TTL, deletion protection while data is retained,
 * AWS-managed or customer-managed encryption. Buckets: encryption, public access blocked,
 * TLS 1.2+ only, server access logs, lifecycle to Standard-IA and expiry as declared,
 * incomplete multipart uploads cleaned up.
 */
export class PipelineStorage extends Construct {
  readonly tables = new Map<string, dynamodb.Table>();
  readonly buckets = new Map<string, s3.Bucket>();
  /** Destination of every bucket's server access logs. */
  readonly accessLogs: s3.Bucket;
  private readonly props: PipelineStorageProps;

  constructor(scope: Construct, id: string, props: PipelineStorageProps) {
    super(scope, id);
    this.props = props;
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // Server access logs can only be delivered to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy,
      autoDeleteObjects: !props.retainData,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket; logging it into itself would loop.',
    });

    for (const [name, spec] of Object.entries(props.tables)) {
      const attribute = (attr: string): dynamodb.Attribute => ({
        name: attr,
        type: spec.numberAttributes?.includes(attr) ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
      });
      this.tables.set(
        name,
        new dynamodb.Table(this, `Table-${name}`, {
          partitionKey: attribute(spec.partitionKey),
          ...(spec.sortKey ? { sortKey: attribute(spec.sortKey) } : {}),
          billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
          ...(props.encryptionKey
            ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: props.encryptionKey }
            : { encryption: dynamodb.TableEncryption.AWS_MANAGED }),
          deletionProtection: props.retainData,
          removalPolicy,
        }),
      );
      const table = this.tables.get(name) as dynamodb.Table;
      for (const [index, keys] of Object.entries(spec.indexes ?? {})) {
        table.addGlobalSecondaryIndex({
          indexName: index,
          partitionKey: attribute(keys.partitionKey),
          ...(keys.sortKey ? { sortKey: attribute(keys.sortKey) } : {}),
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
    }

    for (const [name, spec] of Object.entries(props.buckets)) {
      this.buckets.set(name, this.newBucket(`Bucket-${name}`, name, spec, props.deadLetterBuckets.has(name)));
    }
  }

  table(name: string): dynamodb.Table {
    const table = this.tables.get(name);
    if (!table) throw new Error(`no table "${name}" in pipeline.ts`);
    return table;
  }

  bucket(name: string): s3.Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new Error(`no bucket "${name}" in pipeline.ts`);
    return bucket;
  }

  /** A bucket with the same protections for something the app itself needs (models, Athena results, the dashboard). */
  internalBucket(id: string, name: string, spec: BucketSpec, options: InternalBucketOptions = {}): s3.Bucket {
    return this.newBucket(id, name, spec, false, options);
  }

  private newBucket(
    id: string,
    name: string,
    spec: BucketSpec,
    deadLetters: boolean,
    options: InternalBucketOptions = {},
  ): s3.Bucket {
    const { retainData } = this.props;
    const encryptionKey = options.s3ManagedEncryption ? undefined : this.props.encryptionKey;
    const lifecycleRules: s3.LifecycleRule[] = [
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ];
    if (spec.infrequentAccessAfterDays !== undefined) {
      if (spec.infrequentAccessAfterDays < MIN_INFREQUENT_ACCESS_DAYS) {
        throw new UnsupportedOnAwsError(
          `buckets.${name}.infrequentAccessAfterDays: S3 moves objects to Standard-IA after ${MIN_INFREQUENT_ACCESS_DAYS} days at the earliest`,
        );
      }
      lifecycleRules.push({
        id: 'infrequent-access',
        transitions: [
          {
            storageClass: s3.StorageClass.INFREQUENT_ACCESS,
            transitionAfter: Duration.days(spec.infrequentAccessAfterDays),
          },
        ],
      });
    }
    if (spec.expireAfterDays !== undefined) {
      lifecycleRules.push({ id: 'expire', expiration: Duration.days(spec.expireAfterDays) });
    }
    if (options.keepNoncurrentDays !== undefined) {
      lifecycleRules.push({
        id: 'expire-noncurrent',
        noncurrentVersionExpiration: Duration.days(options.keepNoncurrentDays),
      });
    }
    return new s3.Bucket(this, id, {
      ...(encryptionKey
        ? { encryption: s3.BucketEncryption.KMS, encryptionKey, bucketKeyEnabled: true }
        : { encryption: s3.BucketEncryption.S3_MANAGED }),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: options.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${name}/`,
      lifecycleRules,
      ...(options.keepNoncurrentDays !== undefined ? { versioned: true } : {}),
      ...(deadLetters ? { metrics: [{ id: DEAD_LETTER_METRICS_FILTER }] } : {}),
      removalPolicy: retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !retainData,
    });
  }
}
