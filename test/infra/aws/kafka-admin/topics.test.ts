import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IrreversibleTopicChangeError } from '../../../../infra/aws/kafka-admin/errors.js';
import { ensureTopic, type TopicAdmin } from '../../../../infra/aws/kafka-admin/topics.js';
import { type RunningBroker, startBroker } from '../../../../infra/local/kafka/index.js';

/** An in-memory cluster recording the admin calls made to it. */
function fakeAdmin(topics: Record<string, number>, options: { raceOnCreate?: boolean } = {}) {
  const calls: string[] = [];
  const admin: TopicAdmin = {
    async listTopics() {
      calls.push('listTopics');
      return Object.keys(topics);
    },
    async metadata({ topics: names }) {
      calls.push(`metadata ${names.join(',')}`);
      return {
        topics: new Map(names.filter((n) => n in topics).map((n) => [n, { partitionsCount: topics[n] as number }])),
      };
    },
    async createTopics({ topics: names, partitions, configs }) {
      calls.push(`createTopics ${names.join(',')} ${partitions} ${JSON.stringify(configs)}`);
      if (options.raceOnCreate) {
        for (const n of names) topics[n] = partitions ?? 1;
        throw new Error('Received response with error while executing API CreateTopics', {
          cause: new Error('Topic with this name already exists.'),
        });
      }
      for (const n of names) topics[n] = partitions ?? 1;
    },
    async createPartitions({ topics: changes }) {
      calls.push(`createPartitions ${JSON.stringify(changes)}`);
      for (const c of changes) topics[c.name] = c.count;
    },
    async incrementalAlterConfigs({ resources }) {
      calls.push(`incrementalAlterConfigs ${JSON.stringify(resources.map((r) => [r.resourceName, r.configs]))}`);
    },
  };
  return { admin, calls, topics };
}

describe('ensureTopic', () => {
  it('creates a missing topic with its partitions and retention', async () => {
    // Prepare
    const { admin, calls, topics } = fakeAdmin({});

    // Act
    const outcome = await ensureTopic(admin, { topic: 'feedback', partitions: 3, retentionMs: 604_800_000 });

    // Assess
    expect(outcome).toEqual({ action: 'created', partitions: 3 });
    expect(topics).toEqual({ feedback: 3 });
    expect(calls).toEqual(['listTopics', 'createTopics feedback 3 [{"name":"retention.ms","value":"604800000"}]']);
  });

  it('raises the partitions of an existing topic and sets its retention', async () => {
    // Prepare
    const { admin, calls, topics } = fakeAdmin({ feedback: 3 });

    // Act
    const outcome = await ensureTopic(admin, { topic: 'feedback', partitions: 6, retentionMs: 3_600_000 });

    // Assess
    expect(outcome).toEqual({ action: 'updated', partitions: 6 });
    expect(topics.feedback).toBe(6);
    expect(calls).toContain('createPartitions [{"name":"feedback","count":6}]');
    expect(calls.at(-1)).toBe(
      'incrementalAlterConfigs [["feedback",[{"name":"retention.ms","value":"3600000","configOperation":0}]]]',
    );
  });

  it('leaves the partitions of an existing topic that already matches', async () => {
    // Prepare
    const { admin, calls } = fakeAdmin({ feedback: 3 });

    // Act
    await ensureTopic(admin, { topic: 'feedback', partitions: 3, retentionMs: 1 });

    // Assess
    expect(calls.some((c) => c.startsWith('createPartitions'))).toBe(false);
  });

  it('refuses to lower partitions, saying what to declare', async () => {
    // Prepare
    const { admin } = fakeAdmin({ feedback: 6 });

    // Act
    const result = ensureTopic(admin, { topic: 'feedback', partitions: 3, retentionMs: 1 });

    // Assess
    await expect(result).rejects.toBeInstanceOf(IrreversibleTopicChangeError);
    await expect(result).rejects.toThrow(/declare 6 or more/);
  });

  it('reconciles a topic another client created between listing and creating', async () => {
    // Prepare
    const { admin, calls } = fakeAdmin({}, { raceOnCreate: true });

    // Act
    const outcome = await ensureTopic(admin, { topic: 'feedback', partitions: 3, retentionMs: 1 });

    // Assess
    expect(outcome.action).toBe('updated');
    expect(calls.at(-1)).toMatch(/^incrementalAlterConfigs/);
  });
});

describe('ensureTopic with @platformatic/kafka against the embedded broker', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startBroker({ port: 0, inMemory: true, autoCreateTopics: false });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('creates the topic through the Kafka admin API', async () => {
    // Prepare
    const admin = new Admin({ clientId: 'kafka-admin-test', bootstrapBrokers: [broker.bootstrap] });
    try {
      // Act
      const outcome = await ensureTopic(admin, {
        topic: 'clicks',
        partitions: 4,
        retentionMs: 86_400_000,
        replicas: 1,
      });
      const meta = await admin.metadata({ topics: ['clicks'] });

      // Assess
      expect(outcome).toEqual({ action: 'created', partitions: 4 });
      expect(meta.topics.get('clicks')?.partitionsCount).toBe(4);
    } finally {
      await admin.close();
    }
  });
});
