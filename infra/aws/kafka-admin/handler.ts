/**
 * kafka-admin: the custom resource function behind `Custom::KafkaTopic` and
 * `Custom::KafkaBootstrapBrokers`. CloudFormation has `AWS::MSK::Topic`, but only for MSK
 * Provisioned clusters (Kafka 3.6+), not MSK Serverless; so topics are made through the
 * Kafka admin API over the cluster's IAM listener, from inside the VPC.
 *
 * - KafkaTopic: Create/Update → `ensureTopic` (create, raise partitions, set retention).
 *   Delete → nothing: a topic outlives the stack that declared it, like a retained table.
 * - KafkaBootstrapBrokers: Create/Update → `GetBootstrapBrokers` → `BootstrapBrokers`
 *   attribute (the SASL/IAM broker string). Delete → nothing.
 *
 * It answers CloudFormation itself (no provider framework function), always, including
 * when the work throws or runs out of time.
 */

import { GetBootstrapBrokersCommand, KafkaClient } from '@aws-sdk/client-kafka';
import { Admin } from '@platformatic/kafka';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { mskIamConnection } from '../../../functions/lib/kafka-producer/msk-iam.js';
import { type Fetch, type ResourceResult, responseBody, sendResponse } from './cfn-response.js';
import { InvalidResourcePropertiesError, NoIamBrokersError } from './errors.js';
import { clusterArnOf, ResourceType, regionOfArn, topicProperties } from './properties.js';
import { ensureTopic, type TopicAdmin } from './topics.js';

/** Time kept in hand to answer CloudFormation before Lambda stops the function. */
const ANSWER_MARGIN_MS = 10_000;

export interface KafkaAdminDeps {
  /** The cluster's SASL/IAM bootstrap broker string. */
  bootstrapBrokers(clusterArn: string): Promise<string>;
  /** An admin client on those brokers. */
  connect(bootstrapBrokers: string, region: string): TopicAdmin & { close(): Promise<void> };
  fetch: Fetch;
  /** One JSON log line (Lambda's JSON log format keeps it structured). */
  log(level: 'info' | 'error', fields: Record<string, unknown>): void;
}

const kafka = new KafkaClient({});

const awsDeps: KafkaAdminDeps = {
  async bootstrapBrokers(clusterArn) {
    const out = await kafka.send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn }));
    if (!out.BootstrapBrokerStringSaslIam) throw new NoIamBrokersError(clusterArn);
    return out.BootstrapBrokerStringSaslIam;
  },
  connect(bootstrapBrokers, region) {
    return new Admin({
      clientId: 'tandem-kafka-admin',
      bootstrapBrokers: bootstrapBrokers.split(','),
      retries: 5,
      retryDelay: 2000,
      ...mskIamConnection(region),
    });
  },
  fetch,
  log: (level, fields) => (level === 'error' ? console.error : console.log)(JSON.stringify(fields)),
};

async function apply(event: CloudFormationCustomResourceEvent, deps: KafkaAdminDeps): Promise<ResourceResult> {
  const props = event.ResourceProperties as Record<string, unknown>;
  if (event.RequestType === 'Delete') return { physicalResourceId: event.PhysicalResourceId };
  switch (event.ResourceType) {
    case ResourceType.TOPIC: {
      const desired = topicProperties(props);
      const admin = deps.connect(await deps.bootstrapBrokers(desired.clusterArn), regionOfArn(desired.clusterArn));
      try {
        const outcome = await ensureTopic(admin, desired);
        deps.log('info', { message: `topic ${outcome.action}`, topic: desired.topic, ...outcome });
        return {
          physicalResourceId: `${desired.clusterArn}#${desired.topic}`,
          data: { Topic: desired.topic, Partitions: outcome.partitions },
        };
      } finally {
        await admin.close();
      }
    }
    case ResourceType.BOOTSTRAP_BROKERS: {
      const clusterArn = clusterArnOf(props);
      return {
        physicalResourceId: `${clusterArn}#bootstrap`,
        data: { BootstrapBrokers: await deps.bootstrapBrokers(clusterArn) },
      };
    }
    default:
      throw new InvalidResourcePropertiesError(`unknown resource type ${event.ResourceType}`);
  }
}

/** The handler, with its AWS and Kafka clients passed in. */
export function kafkaAdminHandler(deps: KafkaAdminDeps) {
  return async (event: CloudFormationCustomResourceEvent, context: Context): Promise<void> => {
    const failedId = event.RequestType === 'Create' ? `failed-${event.RequestId}` : event.PhysicalResourceId;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('ran out of time; see the function log')),
        Math.max(0, context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS),
      );
    });
    let body: ReturnType<typeof responseBody>;
    try {
      const result = await Promise.race([apply(event, deps), deadline]);
      body = responseBody(event, { ok: true, result }, context.logStreamName);
    } catch (error) {
      deps.log('error', { message: 'request failed', requestType: event.RequestType, error: String(error) });
      body = responseBody(event, { ok: false, error, physicalResourceId: failedId }, context.logStreamName);
    } finally {
      clearTimeout(timer);
    }
    await sendResponse(event.ResponseURL, body, deps.fetch);
  };
}

export const handler = kafkaAdminHandler(awsDeps);
