import { Duration, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { KafkaMetric } from '../../../functions/lib/middleware/batch-metrics.js';
import { METRICS_NAMESPACE } from '../../../functions/lib/middleware/observability.js';
import { MODEL_DIMENSION, RetrainMetric } from '../../../functions/retrainer/metrics.js';
import type { PipelineFunction } from './pipeline-function.js';
import { DEAD_LETTER_METRICS_FILTER } from './pipeline-storage.js';

const PERIOD = Duration.minutes(5);

/** Retraining runs nightly: its counts are alarmed on per day. */
const RETRAIN_PERIOD = Duration.days(1);

/** Nights in a row a model's candidate may be rejected before someone is told. */
export const RETRAIN_REJECTIONS_IN_A_ROW = 3;

export interface PipelineMonitoringProps {
  /** The pipeline's functions by name. */
  functions: ReadonlyMap<string, PipelineFunction>;
  /** Names of the functions behind Kafka triggers (they report OffsetLag). */
  consumers: ReadonlySet<string>;
  tables: ReadonlyMap<string, dynamodb.ITable>;
  deadLetterBuckets: ReadonlyMap<string, s3.IBucket>;
  api?: apigw.HttpApi;
  offsetLagThreshold: number;
  deadLetterThreshold: number;
  /** Functions that retrain and publish models (functions/retrainer), with their models. */
  publishers?: ReadonlyMap<string, readonly string[]>;
  alarmEmail?: string;
  encryptionKey?: kms.IKey;
  dashboardName: string;
}

/**
 * Alarms on an SNS topic and one dashboard. Alarms: consumer OffsetLag (Lambda's
 * `AWS/Lambda OffsetLag`, the highest lag over the function's Kafka mappings, see
 * `offsetLagOf`), function Errors and Throttles, dead-letter objects written (S3 request
 * metrics `PutRequests` on each dead-letter bucket; ESM on-failure batches land there
 * too), DynamoDB read/write throttle events per table, and per retrained model a failed
 * retraining or a candidate rejected three nights in a row.
 */
export class PipelineMonitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: 'tandem alarms',
      enforceSSL: true,
      ...(props.encryptionKey ? { masterKey: props.encryptionKey } : {}),
    });
    if (props.encryptionKey) {
      // CloudWatch publishes alarm notifications through the topic's key.
      props.encryptionKey.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
        }),
      );
    } else {
      Validations.of(this.topic).acknowledge({
        id: 'AwsSolutions-SNS2',
        reason:
          'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key; alarm notifications ' +
          'carry alarm names and states only. Deploy with -c encryption=customer-managed to encrypt with the stack key.',
      });
    }
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const alarmAction = new actions.SnsAction(this.topic);
    const alarm = (
      id: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      description: string,
      evaluationPeriods = 1,
    ): cloudwatch.Alarm => {
      const a = new cloudwatch.Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(alarmAction);
      a.addOkAction(alarmAction);
      this.alarms.push(a);
      return a;
    };

    const lag = new Map<string, cloudwatch.IMetric>();
    for (const [name, fn] of props.functions) {
      alarm(
        `Errors-${name}`,
        fn.metricErrors({ period: PERIOD }),
        1,
        `${name}: invocations failed (the batch is retried)`,
      );
      alarm(`Throttles-${name}`, fn.metricThrottles({ period: PERIOD }), 1, `${name}: invocations throttled`);
      if (props.consumers.has(name)) {
        const metric = offsetLagOf(fn);
        lag.set(name, metric);
        alarm(
          `OffsetLag-${name}`,
          metric,
          props.offsetLagThreshold,
          `${name}: its Kafka consumers are ${props.offsetLagThreshold}+ records behind for 15 minutes`,
          3,
        );
      }
    }
    for (const [name, models] of props.publishers ?? []) {
      const retrainCount = (metricName: string, model: string) =>
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName,
          dimensionsMap: { service: name, [MODEL_DIMENSION]: model },
          statistic: 'Sum',
          period: RETRAIN_PERIOD,
        });
      for (const model of models) {
        alarm(
          `RetrainRejected-${model}`,
          retrainCount(RetrainMetric.REJECTED, model),
          1,
          `${name}: ${model}'s candidate rejected ${RETRAIN_REJECTIONS_IN_A_ROW} nights in a row (tandem models list shows each report)`,
          RETRAIN_REJECTIONS_IN_A_ROW,
        );
        alarm(
          `RetrainFailed-${model}`,
          retrainCount(RetrainMetric.FAILED, model),
          1,
          `${name}: retraining ${model} failed (its error is in the function's log)`,
        );
      }
    }
    const deadLetterPuts = new Map<string, cloudwatch.Metric>();
    for (const [name, bucket] of props.deadLetterBuckets) {
      const metric = new cloudwatch.Metric({
        namespace: 'AWS/S3',
        metricName: 'PutRequests',
        dimensionsMap: { BucketName: bucket.bucketName, FilterId: DEAD_LETTER_METRICS_FILTER },
        statistic: 'Sum',
        period: PERIOD,
      });
      deadLetterPuts.set(name, metric);
      alarm(
        `DeadLetters-${name}`,
        metric,
        props.deadLetterThreshold,
        `${name}: dead letters written (records rejected, or batches whose retries ran out)`,
      );
    }
    const tableThrottles = new Map<string, cloudwatch.IMetric>();
    for (const [i, [name, table]] of [...props.tables].entries()) {
      // Ids must be unique within a graph that shows every table.
      const metric = new cloudwatch.MathExpression({
        expression: `r${i} + w${i}`,
        usingMetrics: {
          [`r${i}`]: table.metric('ReadThrottleEvents', { statistic: 'Sum', period: PERIOD }),
          [`w${i}`]: table.metric('WriteThrottleEvents', { statistic: 'Sum', period: PERIOD }),
        },
        label: `${name} throttle events`,
        period: PERIOD,
      });
      tableThrottles.set(name, metric);
      alarm(`Throttles-table-${name}`, metric, 1, `table ${name}: requests throttled`);
    }

    const records = (metricName: string) =>
      [...props.consumers].map(
        (name) =>
          new cloudwatch.Metric({
            namespace: METRICS_NAMESPACE,
            metricName,
            dimensionsMap: { service: name },
            statistic: 'Sum',
            period: PERIOD,
            label: name,
          }),
      );
    const fns = [...props.functions.values()];
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Records received', left: records(KafkaMetric.RECORDS_RECEIVED), width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Records processed',
        left: records(KafkaMetric.RECORDS_PROCESSED),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Records dead-lettered',
        left: records(KafkaMetric.RECORDS_DEAD_LETTERED),
        right: [...deadLetterPuts.values()],
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Consumer OffsetLag (max)', left: [...lag.values()], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Errors and throttles',
        left: fns.map((f) => f.metricErrors({ period: PERIOD, label: `${f.pipelineName} errors` })),
        right: fns.map((f) => f.metricThrottles({ period: PERIOD, label: `${f.pipelineName} throttles` })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Duration p99 (ms)',
        left: fns.map((f) => f.metricDuration({ period: PERIOD, statistic: 'p99', label: f.pipelineName })),
        width: 8,
      }),
    );
    const bottom: cloudwatch.IWidget[] = [];
    if (tableThrottles.size > 0) {
      bottom.push(
        new cloudwatch.GraphWidget({ title: 'DynamoDB throttles', left: [...tableThrottles.values()], width: 12 }),
      );
    }
    if (props.api) {
      bottom.push(
        new cloudwatch.GraphWidget({
          title: 'API requests and errors',
          left: [props.api.metricCount({ period: PERIOD })],
          right: [props.api.metricClientError({ period: PERIOD }), props.api.metricServerError({ period: PERIOD })],
          width: 12,
        }),
      );
    }
    if (bottom.length > 0) dashboard.addWidgets(...bottom);
  }
}

/**
 * The highest OffsetLag of a function's Kafka event source mappings, as a CloudWatch Metrics
 * Insights query. An alarm on `FunctionName` alone matches only a series published with
 * exactly that dimension set, and the Lambda guide names four dimensions (FunctionName,
 * Resource, ExecutedVersion, EventSourceMappingUUID — the last for event source mapping
 * metrics) without saying which set OffsetLag carries. The query reads every OffsetLag series
 * carrying the function's name, whatever other dimensions it has (one per mapping included),
 * so the alarm fires whichever AWS publishes. Metrics Insights looks back three hours, far
 * more than the alarm's 15 minutes.
 */
export function offsetLagOf(fn: PipelineFunction): cloudwatch.IMetric {
  return new cloudwatch.MathExpression({
    expression: `SELECT MAX(OffsetLag) FROM "AWS/Lambda" WHERE FunctionName = '${fn.functionName}'`,
    period: PERIOD,
    label: `${fn.pipelineName} OffsetLag`,
  });
}
