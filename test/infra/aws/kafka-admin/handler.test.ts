import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type KafkaAdminDeps, kafkaAdminHandler } from '../../../../infra/aws/kafka-admin/handler.js';
import type { TopicAdmin } from '../../../../infra/aws/kafka-admin/topics.js';

const CLUSTER = 'arn:aws:kafka:us-east-1:123456789012:cluster/tandem/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-s1';

function event(overrides: Record<string, unknown>): CloudFormationCustomResourceEvent {
  return {
    RequestType: 'Create',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:kafka-admin',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/response',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Tandem/guid',
    RequestId: 'request-1',
    LogicalResourceId: 'KafkaTopicfeedback',
    ResourceType: 'Custom::KafkaTopic',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:kafka-admin',
      ClusterArn: CLUSTER,
      Topic: 'feedback',
      Partitions: '3',
      RetentionMs: '604800000',
    },
    ...overrides,
  } as CloudFormationCustomResourceEvent;
}

function context(remainingMs = 300_000): Context {
  return { logStreamName: '2025/06/01/[$LATEST]abc', getRemainingTimeInMillis: () => remainingMs } as Context;
}

/** Deps recording what the handler did and what it answered CloudFormation. */
function deps(options: { existing?: Record<string, number>; hang?: boolean } = {}) {
  const responses: { url: string; body: Record<string, unknown> }[] = [];
  const topics = { ...(options.existing ?? {}) };
  let closed = 0;
  const admin: TopicAdmin & { close(): Promise<void> } = {
    listTopics: async () => Object.keys(topics),
    metadata: async ({ topics: names }) => ({
      topics: new Map(names.map((n) => [n, { partitionsCount: topics[n] ?? 0 }])),
    }),
    createTopics: async ({ topics: names, partitions }) => {
      if (options.hang) await new Promise(() => {});
      for (const n of names) topics[n] = partitions ?? 1;
    },
    createPartitions: async () => {},
    incrementalAlterConfigs: async () => {},
    close: async () => {
      closed++;
    },
  };
  const d: KafkaAdminDeps = {
    bootstrapBrokers: async () => 'b-1.tandem.kafka-serverless.us-east-1.amazonaws.com:9098',
    connect: () => admin,
    fetch: async (url, init) => {
      responses.push({ url, body: JSON.parse(init.body) });
      return { ok: true, status: 200 };
    },
    log: () => {},
  };
  return { deps: d, responses, topics, closed: () => closed };
}

describe('kafka-admin custom resource handler', () => {
  it('creates a topic and answers SUCCESS with its id and attributes', async () => {
    // Prepare
    const d = deps();

    // Act
    await kafkaAdminHandler(d.deps)(event({}), context());

    // Assess
    expect(d.topics).toEqual({ feedback: 3 });
    expect(d.closed()).toBe(1);
    expect(d.responses).toEqual([
      {
        url: 'https://cloudformation-custom-resource-response.example/response',
        body: {
          Status: 'SUCCESS',
          StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Tandem/guid',
          RequestId: 'request-1',
          LogicalResourceId: 'KafkaTopicfeedback',
          PhysicalResourceId: `${CLUSTER}#feedback`,
          Data: { Topic: 'feedback', Partitions: 3 },
        },
      },
    ]);
  });

  it('answers FAILED with the reason, keeping the physical id on a failed update', async () => {
    // Prepare
    const d = deps({ existing: { feedback: 6 } });

    // Act
    await kafkaAdminHandler(d.deps)(
      event({ RequestType: 'Update', PhysicalResourceId: `${CLUSTER}#feedback`, OldResourceProperties: {} }),
      context(),
    );

    // Assess
    expect(d.responses[0]?.body).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: `${CLUSTER}#feedback`,
      Reason: expect.stringMatching(/^IrreversibleTopicChangeError: topic feedback has 6 partitions/),
    });
  });

  it('rejects malformed properties before connecting', async () => {
    // Prepare
    const d = deps();

    // Act
    await kafkaAdminHandler(d.deps)(
      event({ ResourceProperties: { ClusterArn: CLUSTER, Topic: 'bad topic!', Partitions: '3', RetentionMs: '1' } }),
      context(),
    );

    // Assess
    expect(d.responses[0]?.body).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: 'failed-request-1',
      Reason: expect.stringContaining('InvalidResourcePropertiesError'),
    });
    expect(d.closed()).toBe(0);
  });

  it('keeps the topic on Delete', async () => {
    // Prepare
    const d = deps({ existing: { feedback: 3 } });

    // Act
    await kafkaAdminHandler(d.deps)(
      event({ RequestType: 'Delete', PhysicalResourceId: `${CLUSTER}#feedback` }),
      context(),
    );

    // Assess
    expect(d.topics).toEqual({ feedback: 3 });
    expect(d.responses[0]?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${CLUSTER}#feedback` });
  });

  it('resolves the IAM bootstrap brokers', async () => {
    // Prepare
    const d = deps();

    // Act
    await kafkaAdminHandler(d.deps)(
      event({ ResourceType: 'Custom::KafkaBootstrapBrokers', ResourceProperties: { ClusterArn: CLUSTER } }),
      context(),
    );

    // Assess
    expect(d.responses[0]?.body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: `${CLUSTER}#bootstrap`,
      Data: { BootstrapBrokers: 'b-1.tandem.kafka-serverless.us-east-1.amazonaws.com:9098' },
    });
  });

  it('answers FAILED before Lambda would stop a hung request', async () => {
    // Prepare: 10.05 s left, of which the handler keeps 10 s to answer.
    const d = deps({ hang: true });

    // Act
    await kafkaAdminHandler(d.deps)(event({}), context(10_050));

    // Assess
    expect(d.responses[0]?.body).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('ran out of time'),
    });
  });
});
