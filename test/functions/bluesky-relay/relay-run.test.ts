import { GetObjectCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OVERLAP_US } from '../../../functions/bluesky-relay/config.js';
import { keywordMatcher } from '../../../functions/bluesky-relay/keywords.js';
import { type BlueskyRelayRunOptions, blueskyRelayRun } from '../../../functions/bluesky-relay/relay-run.js';
import { type SourceItemDocument, sourceItemDeadLetters } from '../../../functions/lib/dead-letter/index.js';
import { JetstreamHttpError } from '../../../functions/lib/jetstream/index.js';
import { closeKafkaProducer, type OutgoingRecord, produce } from '../../../functions/lib/kafka-producer/index.js';
import { readCheckpoint } from '../../../functions/lib/relay-checkpoint/index.js';
import { localBucketName, localTableName } from '../../../infra/local/provision.js';
import { pipeline } from '../../../infra/pipeline.js';
import { waitFor } from '../../infra/local/kafka/helpers/wait.js';
import { type FeedbackServices, startFeedbackServices, useFunctionEnvironment } from '../helpers/feedback-services.js';
import {
  type JetstreamEvent,
  type JetstreamServer,
  postEvent,
  startJetstreamServer,
} from '../helpers/jetstream-server.js';
import { topicRecords } from '../helpers/kafka-topic.js';

const TOPIC = 'feedback';
const PARTITIONS = pipeline.topics[TOPIC]!.partitions;
const T0 = 1_760_000_000_000_000;

/** `n` events one millisecond apart from `from`: every third a matching post, the others not, plus likes. */
function events(did: string, from: number, n: number): { all: JetstreamEvent[]; matching: string[] } {
  const all: JetstreamEvent[] = [];
  const matching: string[] = [];
  for (let i = 0; i < n; i++) {
    const timeUs = T0 + (from + i) * 1000;
    const rkey = `3k${String(from + i).padStart(11, '0')}`;
    if (i % 3 === 0) {
      all.push(postEvent({ did, rkey, timeUs, text: `The Acme app is broken again (${from + i})` }));
      matching.push(`at://${did}/app.bsky.feed.post/${rkey}`);
    } else if (i % 3 === 1) {
      all.push(postEvent({ did, rkey, timeUs, text: `Lovely weather in acmeville today ${from + i}` }));
    } else {
      all.push({ did, time_us: timeUs, kind: 'identity', identity: { did, handle: 'someone.bsky.social', seq: i } });
    }
  }
  return { all, matching };
}

// blueskyRelayRun (what the handler runs) against a fake Jetstream over WebSocket, the
// embedded broker, dynalite and s3rver.
describe('blueskyRelayRun', () => {
  let services: FeedbackServices;
  let store: BlueskyRelayRunOptions['store'];
  const servers: JetstreamServer[] = [];
  const quiet = { info: () => {}, warn: () => {} };
  const keywords = keywordMatcher({ '*': ['acme'], de: ['kaputt'] });

  const open = async () => {
    const server = await startJetstreamServer();
    servers.push(server);
    return server;
  };
  const run = (server: JetstreamServer, overrides: Partial<BlueskyRelayRunOptions> = {}) =>
    blueskyRelayRun({
      store,
      jetstreamUrl: server.url,
      keywords,
      runMs: 1_500,
      remainingMs: () => 60_000,
      produce,
      deadLetters: sourceItemDeadLetters({ s3: services.s3Client, functionName: 'bluesky-relay' }),
      logger: quiet,
      reconnectMs: 50,
      checkpointEveryMs: 100,
      ...overrides,
    });
  /** URIs on the topic from `did`, repeats kept, sorted. */
  const relayed = async (did: string) =>
    (await topicRecords(services.broker.bootstrap, TOPIC, PARTITIONS))
      .filter((r) => r.key?.startsWith(`at://${did}/`))
      .map((r) => r.key as string)
      .sort();
  /** Puts a checkpoint at the last of `seedEvents` by a run that reads them live. */
  const seed = async (server: JetstreamServer, seedEvents: JetstreamEvent[]) => {
    const running = run(server);
    await waitFor(() => server.connections.length === 1, 5_000, 'the seeding run to connect');
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.publish(seedEvents);
    return running;
  };

  beforeAll(async () => {
    services = await startFeedbackServices();
    useFunctionEnvironment('bluesky-relay', services);
    store = { dynamo: services.documents, table: localTableName('relay-checkpoints') };
  });

  afterAll(async () => {
    await closeKafkaProducer();
    for (const server of servers) await server.close();
    await services.close();
    vi.unstubAllEnvs();
  });

  it('starts live, then resumes from the checkpointed time_us less the overlap, producing each matching post once', async () => {
    // Prepare
    const server = await open();
    const did = 'did:plc:resume0000000000000000000';
    const first = events(did, 0, 30);
    const second = events(did, 30, 60);

    // Act
    const one = await seed(server, first.all);
    server.publish(second.all);
    const two = await run(server);

    // Assess
    const lastFirst = first.all.at(-1)!.time_us;
    expect(one).toMatchObject({ outcome: 'relayed', read: 30, relayed: 10, unmatched: 10, cursor: lastFirst });
    expect(server.connections.map((c) => [c.cursor, c.wantedCollections])).toEqual([
      [undefined, ['app.bsky.feed.post']],
      [lastFirst - OVERLAP_US, ['app.bsky.feed.post']],
    ]);
    // The overlap replays the whole first run (5 s covers it): its posts are repeats, not produced again.
    expect(two).toMatchObject({
      read: 90,
      relayed: 20,
      repeats: 10,
      unmatched: 30,
      cursor: second.all.at(-1)!.time_us,
    });
    expect(await relayed(did)).toEqual([...first.matching, ...second.matching].sort());
    const record = (await topicRecords(services.broker.bootstrap, TOPIC, PARTITIONS)).find(
      (r) => r.key === first.matching[0],
    );
    expect(JSON.parse(record!.value)).toEqual({
      id: first.matching[0],
      source: 'bluesky',
      text: 'The Acme app is broken again (0)',
      ts: new Date(Math.floor(first.all[0]!.time_us / 1000)).toISOString(),
      author: did,
      url: `https://bsky.app/profile/${did}/post/3k00000000000`,
    });
  });

  it('resumes from the cursor with no gap and no repeat when the connection drops mid-run', async () => {
    // Prepare
    const server = await open();
    const did = 'did:plc:drop00000000000000000000000';
    const first = events(did, 0, 3);
    await seed(server, first.all);
    const rest = events(did, 3, 300);
    server.publish(rest.all);
    server.dropNextConnectionAfter(120);

    // Act
    const summary = await run(server, { runMs: 2_500 });

    // Assess
    expect(summary).toMatchObject({
      outcome: 'relayed',
      relayed: 100,
      reconnects: 1,
      cursor: rest.all.at(-1)!.time_us,
    });
    expect(server.connections).toHaveLength(3);
    // The reconnection asked from the newest time_us read before the drop, less the overlap.
    const readBeforeDrop = [...first.all, ...rest.all].filter((e) => e.time_us >= server.connections[1]!.cursor!)[119]!;
    expect(server.connections[2]!.cursor).toBe(readBeforeDrop.time_us - OVERLAP_US);
    expect(await relayed(did)).toEqual([...first.matching, ...rest.matching].sort());
  });

  it('a run that crashes between producing and checkpointing, then reruns, produces the same ids again and none missing', async () => {
    // Prepare
    const server = await open();
    const did = 'did:plc:crash0000000000000000000000';
    const first = events(did, 0, 3);
    await seed(server, first.all);
    const rest = events(did, 3, 90);
    server.publish(rest.all);
    let sends = 0;
    const crashAfterFirstSend = async (topic: string, records: readonly OutgoingRecord[]) => {
      await produce(topic, records);
      if (++sends === 1) throw new Error('crashed between produce and checkpoint');
    };

    // Act
    const crashed = await run(server, { produce: crashAfterFirstSend, batchSize: 10 }).catch((e: Error) => e);
    const afterCrash = await readCheckpoint(store, server.url);
    const rerun = await run(server);
    const keys = await relayed(did);

    // Assess
    expect((crashed as Error).message).toBe('crashed between produce and checkpoint');
    expect(afterCrash).toMatchObject({ lastEventId: String(first.all.at(-1)!.time_us) });
    expect(afterCrash).not.toHaveProperty('leaseOwner');
    expect(rerun).toMatchObject({ relayed: 30, cursor: rest.all.at(-1)!.time_us });
    // The crashed batch (10 posts) is on the topic twice under the same ids; every post is there.
    expect(keys).toHaveLength(1 + 30 + 10);
    expect([...new Set(keys)]).toEqual([...first.matching, ...rest.matching].sort());
  });

  it('dead-letters messages it cannot use with a reason, and moves the cursor past them', async () => {
    // Prepare
    const server = await open();
    const did = 'did:plc:bad000000000000000000000000';
    const first = events(did, 0, 3);
    await seed(server, first.all);
    const t = first.all.at(-1)!.time_us;
    const huge = JSON.stringify(postEvent({ did, rkey: 'r2', timeUs: t + 5000, text: `acme ${'é'.repeat(40_000)}` }));
    const hugeBytes = Buffer.byteLength(huge);
    server.publishRaw([
      { timeUs: t + 1000, data: 'not json' },
      { timeUs: t + 2000, data: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
      { timeUs: t + 3000, data: JSON.stringify({ did, time_us: 'soon', kind: 'commit' }) },
      {
        timeUs: t + 4000,
        data: JSON.stringify(postEvent({ did: 'not-a-did', rkey: 'r1', timeUs: t + 4000, text: 'acme' })),
      },
      { timeUs: t + 5000, data: huge },
      {
        timeUs: t + 6000,
        data: JSON.stringify(postEvent({ did, rkey: 'r3', timeUs: t + 6000, text: `acme ${'x'.repeat(5_000)}` })),
      },
    ]);
    const good = postEvent({ did, rkey: 'r4', timeUs: t + 7000, text: 'ACME support never answers' });
    server.publish([good]);

    // Act
    const summary = await run(server);
    const listed = await services.s3Client.send(
      new ListObjectsCommand({ Bucket: localBucketName('dead-letters'), Prefix: 'items/bluesky-relay/bluesky/' }),
    );
    const documents: SourceItemDocument[] = [];
    for (const o of listed.Contents ?? []) {
      const body = await services.s3Client.send(
        new GetObjectCommand({ Bucket: localBucketName('dead-letters'), Key: o.Key }),
      );
      documents.push(JSON.parse(await body.Body!.transformToString()));
    }

    // Assess
    expect(summary).toMatchObject({
      relayed: 1,
      deadLettered: 6,
      deadLetteredByReason: { invalid: 5, 'too-large': 1 },
      cursor: t + 7000,
    });
    expect(documents).toHaveLength(6);
    expect(documents.map((d) => d.detail)).toEqual(
      expect.arrayContaining([
        `${hugeBytes} bytes, over the 65536 read`,
        'did is not a DID',
        'text: text must be 1..4000 characters, got 5005',
        'the message is not UTF-8',
        expect.stringMatching(/^the message is not JSON: /),
        'time_us must be an integer count of microseconds since 1970 (2020..2100)',
      ]),
    );
    expect(documents.find((d) => d.detail.startsWith('text:'))?.origin).toEqual({
      source: 'bluesky',
      itemId: `at://${did}/app.bsky.feed.post/r3`,
    });
    expect(await relayed(did)).toEqual([...first.matching, `at://${did}/app.bsky.feed.post/r4`].sort());
  });

  it('fails the run when Jetstream refuses the upgrade for good, and leaves the lease free', async () => {
    // Prepare
    const server = await open();
    server.refuseNextWith(404);

    // Act
    const error = await run(server).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(JetstreamHttpError);
    expect(error).toMatchObject({ status: 404 });
    expect(await readCheckpoint(store, server.url)).not.toHaveProperty('leaseOwner');
  });
});
