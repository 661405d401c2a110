import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ManagedKafkaEventSource, type ManagedKafkaEventSourceProps } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { consumerGroupOf, type TriggerSpec } from '../../pipeline/index.js';
import { UnsupportedOnAwsError } from '../errors.js';
import type { PollerSettings } from '../settings.js';
import type { KafkaCluster } from './kafka-cluster.js';
import type { PipelineFunction } from './pipeline-function.js';

/** Lambda's batching window for Kafka when none is set: the one value below a second AWS can express. */
const KAFKA_DEFAULT_BATCHING_WINDOW_MS = 500;

/**
 * An S3 on-failure destination granting what AWS documents for it, s3:PutObject and
 * s3:ListBucket (plus the key's encrypt actions), instead of `S3OnFailureDestination`'s
 * read-write-delete on the whole bucket.
 */
export class S3FailureDestination implements lambda.IEventSourceDlq {
  constructor(private readonly bucket: s3.IBucket) {}

  bind(_target: lambda.IEventSourceMapping, targetHandler: lambda.IFunction): lambda.DlqDestinationConfig {
    targetHandler.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    targetHandler.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
    this.bucket.encryptionKey?.grantEncrypt(targetHandler);
    return { destination: this.bucket.bucketArn };
  }
}

/** Provisioned pollers of one mapping, and the poller group whose Event Poller Units it shares. */
export interface TriggerPollers extends PollerSettings {
  group: string;
}

/**
 * The pollers of a trigger: the deployment's override (`provisionedPollers` for the trigger
 * or `*`), else provisioned mode wherever the trigger uses Kafka error-handling controls
 * (retry attempts, record age, bisect, partial batch responses), which Lambda offers for
 * Kafka only in provisioned mode; one poller at least, and no more than the topic has
 * partitions, since Lambda runs one batch per partition at a time. Every mapping joins one
 * poller group so they share Event Poller Units. Undefined: on-demand pollers.
 */
export function triggerPollers(
  trigger: TriggerSpec,
  partitions: number,
  options: { override?: PollerSettings; group: string },
): TriggerPollers | undefined {
  if (options.override) return { ...options.override, group: options.group };
  const errorHandling = trigger.retry !== undefined || trigger.reportBatchItemFailures;
  return errorHandling ? { minimum: 1, maximum: partitions, group: options.group } : undefined;
}

/** The batching window of a trigger in whole seconds, or undefined for Lambda's 500 ms default. */
export function batchingWindowSeconds(trigger: TriggerSpec): number | undefined {
  if (trigger.batchingWindowMs === KAFKA_DEFAULT_BATCHING_WINDOW_MS) return undefined;
  if (trigger.batchingWindowMs % 1000 !== 0) {
    throw new UnsupportedOnAwsError(
      `trigger ${trigger.name}: batchingWindowMs ${trigger.batchingWindowMs} — AWS takes whole seconds ` +
        `(or ${KAFKA_DEFAULT_BATCHING_WINDOW_MS} ms, its default, by leaving it unset)`,
    );
  }
  return trigger.batchingWindowMs / 1000;
}

/**
 * `ManagedKafkaEventSource` settings of a trigger, exactly as `pipeline.ts` declares them.
 * `maximumRecordAgeSeconds: -1` (never expire) has no CDK form: `bindTrigger` sets it
 * on the L1 resource.
 */
export function kafkaEventSourceProps(
  trigger: TriggerSpec,
  source: { clusterArn: string; consumerGroupId: string; onFailure?: lambda.IEventSourceDlq; pollers?: TriggerPollers },
): ManagedKafkaEventSourceProps {
  const window = batchingWindowSeconds(trigger);
  const retry = trigger.retry;
  return {
    clusterArn: source.clusterArn,
    topic: trigger.topic,
    consumerGroupId: source.consumerGroupId,
    batchSize: trigger.batchSize,
    ...(window === undefined ? {} : { maxBatchingWindow: Duration.seconds(window) }),
    startingPosition: lambda.StartingPosition[trigger.startingPosition],
    ...(trigger.startingPositionTimestamp === undefined
      ? {}
      : { startingPositionTimestamp: trigger.startingPositionTimestamp / 1000 }),
    ...(trigger.filterCriteria ? { filters: trigger.filterCriteria.Filters.map((f) => ({ pattern: f.Pattern })) } : {}),
    ...(retry
      ? {
          retryAttempts: retry.maximumRetryAttempts,
          bisectBatchOnError: retry.bisectBatchOnFunctionError,
          ...(retry.maximumRecordAgeSeconds === -1
            ? {}
            : { maxRecordAge: Duration.seconds(retry.maximumRecordAgeSeconds) }),
        }
      : {}),
    reportBatchItemFailures: trigger.reportBatchItemFailures,
    ...(source.onFailure ? { onFailure: source.onFailure } : {}),
    ...(source.pollers
      ? {
          provisionedPollerConfig: {
            minimumPollers: source.pollers.minimum,
            maximumPollers: source.pollers.maximum,
            pollerGroupName: source.pollers.group,
          },
        }
      : {}),
  };
}

export interface TriggerSource {
  cluster: KafkaCluster;
  /** The bucket of `trigger.onFailure`. */
  onFailureBucket?: s3.IBucket;
  pollers?: TriggerPollers;
  /**
   * Created before the mapping: the topic resource (a mapping on a missing topic never starts)
   * and the upload of every model the function loads (its first batches would fail without it).
   */
  dependsOn?: readonly IConstruct[];
}

/**
 * Adds the trigger's event source mapping to `fn` and the permissions it needs: the
 * consumer data plane on the topic and group (`kafka-cluster:*`) and the pollers' cluster
 * access. Returns the mapping.
 */
export function bindTrigger(
  fn: PipelineFunction,
  trigger: TriggerSpec,
  source: TriggerSource,
): lambda.EventSourceMapping {
  const group = consumerGroupOf(trigger, Stack.of(fn).stackName);
  let mapping: lambda.EventSourceMapping | undefined;
  // ManagedKafkaEventSource names its mapping after the function and topic, so a second
  // trigger of one function on one topic (another consumer group) would collide: it binds
  // to a view of `fn` that names the mapping after the trigger instead.
  const named = new Proxy(fn, {
    get(target, key) {
      if (key === 'addEventSourceMapping') {
        return (_id: string, options: lambda.EventSourceMappingOptions) => {
          mapping = target.addEventSourceMapping(`Trigger-${trigger.name}`, options);
          return mapping;
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  new ManagedKafkaEventSource(
    kafkaEventSourceProps(trigger, {
      clusterArn: source.cluster.clusterArn,
      consumerGroupId: group,
      ...(source.onFailureBucket ? { onFailure: new S3FailureDestination(source.onFailureBucket) } : {}),
      ...(source.pollers ? { pollers: source.pollers } : {}),
    }),
  ).bind(named);
  if (!mapping) throw new Error(`trigger ${trigger.name}: ManagedKafkaEventSource added no mapping`);
  if (trigger.retry?.maximumRecordAgeSeconds === -1) {
    (mapping.node.defaultChild as lambda.CfnEventSourceMapping).addPropertyOverride('MaximumRecordAgeInSeconds', -1);
  }
  for (const dependency of source.dependsOn ?? []) mapping.node.addDependency(dependency);
  source.cluster.grantConsume(fn, trigger.topic, group);
  fn.allowEventSourcePollers(source.cluster);
  return mapping;
}
