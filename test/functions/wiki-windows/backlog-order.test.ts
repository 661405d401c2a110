import { Producer } from '@platformatic/kafka';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prng } from '../../../infra/local/demo/prng.js';
import { EventSourceMapping } from '../../../infra/local/esm/index.js';
import { localTableName } from '../../../infra/local/provision.js';
import type { TriggerSpec } from '../../../infra/pipeline/types.js';
import { pipeline } from '../../../infra/pipeline.js';
import { waitFor } from '../../infra/local/kafka/helpers/wait.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';
import type { LocalDynamo } from '../helpers/local-dynamo.js';
import { queryApiClient } from '../helpers/query-api-client.js';
import { countsOf, wikiDeadLetters, wikiWindowsHandler } from '../helpers/wiki-windows.js';

const MIN = 60_000;
const WIKIS = ['en.wikipedia.org', 'www.wikidata.org', 'de.wikipedia.org'] as const;
const PARTITIONS = 3;

interface BacklogEvent {
  partition: number;
  /** Offset in its partition once produced, in order, to an empty topic. */
  offset: number;
  timestampMs: number;
  user: string;
  server: string;
  body: Buffer;
}

/**
 * An hour of wiki edits, keyed by wiki (one wiki per partition), in event-time order with up
 * to ±90 s of jitter: every event is on time for a 10-minute lateness whatever the order in
 * which the partitions are consumed.
 */
function backlog(count: number, seed: number, hoursAgo = 3): BacklogEvent[] {
  const random = prng(seed);
  const start = Math.floor((Date.now() - hoursAgo * 60 * MIN) / (10 * MIN)) * (10 * MIN);
  const next = [0, 0, 0];
  const events: BacklogEvent[] = [];
  for (let i = 0; i < count; i++) {
    const partition = Math.floor(random() * PARTITIONS);
    const server = WIKIS[partition] as string;
    const user = `Editor ${Math.floor(random() ** 2 * 25)}`;
    const timestampMs = Math.round((start + (i / count) * 60 * MIN + (random() * 2 - 1) * 90_000) / 1000) * 1000;
    const id = `backlog-${seed}-${i}`;
    const body = Buffer.from(
      JSON.stringify({
        $schema: '/mediawiki/recentchange/1.0.0',
        meta: {
          uri: `https://${server}/wiki/P${i}`,
          request_id: id,
          id,
          dt: new Date(timestampMs).toISOString(),
          domain: server,
          stream: 'mediawiki.recentchange',
        },
        id: 5_000_000 + i,
        type: 'edit',
        namespace: 0,
        title: `P${i}`,
        comment: '',
        timestamp: timestampMs / 1000,
        user,
        bot: false,
        minor: false,
        length: { old: 100, new: 120 },
        revision: { old: 9_000_000 + i, new: 9_000_001 + i },
        server_url: `https://${server}`,
        server_name: server,
        server_script_path: '/w',
        wiki: server.split('.')[0],
      }),
    );
    events.push({ partition, offset: next[partition]!++, timestampMs, user, server, body });
  }
  return events;
}

/** Per metric `${key}\u0000${windowStart}` → count, computed plainly from the events. */
function reference(events: readonly BacklogEvent[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>([
    ['wiki-edits-by-user', new Map()],
    ['wiki-edits-by-server', new Map()],
  ]);
  for (const e of events) {
    const start = Math.floor(e.timestampMs / (10 * MIN)) * (10 * MIN);
    for (const [metric, key] of [
      ['wiki-edits-by-user', e.user],
      ['wiki-edits-by-server', e.server],
    ] as const) {
      const m = out.get(metric) as Map<string, number>;
      m.set(`${key}\u0000${start}`, (m.get(`${key}\u0000${start}`) ?? 0) + 1);
    }
  }
  return out;
}

const windowTrigger = pipeline.triggers.find((t) => t.name === 'window-wiki-changes') as TriggerSpec;

// The window-wiki-changes mapping (embedded broker, emulator) and the wiki-windows handler
// (dynalite, s3rver) consuming one backlog with the partitions released in a forced order,
// as on AWS where each partition's poller starts and progresses on its own.
describe('wiki-windows: a backlog consumed in every partition arrival order', () => {
  let services: FeedbackServices;
  let mapping: EventSourceMapping | undefined;
  beforeEach(async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    services = await startFeedbackServices();
  });
  afterEach(async () => {
    await mapping?.stop();
    mapping = undefined;
    vi.unstubAllEnvs();
    await services.close();
  });

  async function produce(events: readonly BacklogEvent[]): Promise<void> {
    const producer = new Producer({ clientId: 'backlog', bootstrapBrokers: [services.broker.bootstrap] });
    try {
      for (let i = 0; i < events.length; i += 500) {
        await producer.send({
          messages: events.slice(i, i + 500).map((e) => ({
            topic: 'wiki-changes',
            partition: e.partition,
            key: Buffer.from(e.server),
            value: e.body,
          })),
        });
      }
    } finally {
      await producer.close();
    }
  }

  async function startMapping(
    held: number[],
    declaration: Parameters<typeof wikiWindowsHandler>[1] = pipeline,
  ): Promise<EventSourceMapping> {
    const { onFailure: _, ...trigger } = windowTrigger;
    const handler = wikiWindowsHandler({ dynamo: services.documents, s3: services.s3Client }, declaration);
    mapping = await EventSourceMapping.start({
      trigger,
      bootstrap: services.broker.bootstrap,
      functionName: 'wiki-windows',
      timeoutSeconds: 60,
      memoryMb: 512,
      handler: handler as never,
      heldPartitions: held,
    });
    return mapping;
  }

  /** Waits until the mapping committed everything produced to the listed partitions. */
  async function drained(esm: EventSourceMapping, events: readonly BacklogEvent[], partitions: number[]) {
    const ends = partitions.map((p) => events.filter((e) => e.partition === p).length);
    await waitFor(
      () => {
        const committed = esm.stats().lastCommitted;
        return partitions.every((p, i) => (committed[`wiki-changes-${p}`] ?? 0) >= (ends[i] as number));
      },
      60_000,
      `partitions ${partitions.join(', ')} drained`,
    );
  }

  async function assessExact(events: readonly BacklogEvent[], order: string): Promise<void> {
    const letters = await wikiDeadLetters(services.s3Client);
    const state = await services.scan('window-state');
    expect(letters, order).toEqual([]);
    expect(countsOf(await services.scan('windows')), order).toEqual(reference(events));
    for (const item of state) expect(item, order).toMatchObject({ lateRecords: 0, futureRecords: 0 });
  }

  const orders: { name: string; held: number[]; releases: number[] }[] = [
    ...[0, 1, 2].map((p) => ({ name: `partition ${p} delayed`, held: [p], releases: [p] })),
    ...[
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ].map((order) => ({ name: `all held, released ${order.join(' → ')}`, held: [0, 1, 2], releases: order })),
  ];

  it.each(orders)('judges no on-time event late and counts exactly: $name', async ({ name, held, releases }) => {
    // Prepare
    const seed = 1500 + orders.findIndex((o) => o.name === name);
    const events = backlog(3000, seed);
    await produce(events);

    // Act: the partitions not held run through the whole hour first; then each held one in turn.
    const esm = await startMapping(held);
    const free = [0, 1, 2].filter((p) => !held.includes(p));
    if (free.length > 0) await drained(esm, events, free);
    for (const p of releases) {
      esm.release(p);
      await drained(esm, events, [p]);
    }

    // Assess
    await assessExact(events, `${name} (seed ${seed})`);
  });

  it('dead-letters as late, counts and shows the records of a partition delayed past the idle timeout', async () => {
    // Prepare: the pipeline's metrics with a 2-second idle timeout.
    const declaration = {
      topics: pipeline.topics,
      metrics: Object.fromEntries(
        Object.entries(pipeline.metrics).map(([name, spec]) => [name, { ...spec, idlePartitionTimeoutSeconds: 2 }]),
      ),
    };
    const events = backlog(900, 77);
    await produce(events);
    const esm = await startMapping([2], declaration);
    await drained(esm, events, [0, 1]);

    // Act: partition 2 stays silent past the timeout while the others go on delivering.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const last = Math.max(...events.map((e) => e.timestampMs));
    const more = backlog(30, 78)
      .filter((e) => e.partition !== 2)
      .map((e, i) => ({ ...e, timestampMs: last + i * 1000 }));
    const live = more.map((e) => {
      const body = JSON.parse(e.body.toString()) as { timestamp: number; meta: { dt: string } };
      body.timestamp = e.timestampMs / 1000;
      body.meta.dt = new Date(e.timestampMs).toISOString();
      return { ...e, body: Buffer.from(JSON.stringify(body)) };
    });
    await produce(live);
    const all = [...events, ...live.map((e) => ({ ...e, offset: -1 }))];
    const ends = [0, 1].map((p) => all.filter((e) => e.partition === p).length);
    await waitFor(
      () => [0, 1].every((p, i) => (esm.stats().lastCommitted[`wiki-changes-${p}`] ?? 0) >= (ends[i] as number)),
      60_000,
      'live events consumed',
    );
    esm.release(2);
    await drained(esm, events, [2]);

    // Assess: the watermark moved on without partition 2; its events behind it are late, the rest count.
    const state = await services.scan('window-state');
    const watermark = state[0]?.watermark as number;
    const late = events.filter((e) => e.partition === 2 && e.timestampMs < watermark).length;
    const letters = await wikiDeadLetters(services.s3Client);
    const counted = [
      ...(countsOf(await services.scan('windows'))
        .get('wiki-edits-by-server')
        ?.values() ?? []),
    ];
    expect(late).toBeGreaterThan(200);
    expect(letters.filter((l) => l.reason === 'late')).toHaveLength(late);
    expect(letters).toHaveLength(late);
    expect(counted.reduce((a, b) => a + b, 0)).toBe(all.length - late);
    for (const item of state) expect(item).toMatchObject({ watermark, lateRecords: late, futureRecords: 0 });
  });

  it('counts a backfill of 30-day-old events and answers for its windows, though retention is 7 days', async () => {
    // Prepare
    const events = backlog(600, 91, 30 * 24);
    await produce(events);
    const api = queryApiClient({ documents: services.documents, tableName: localTableName } as unknown as LocalDynamo);
    const expected = reference(events).get('wiki-edits-by-server') as Map<string, number>;
    const [firstKey, firstCount] = [...expected].sort((a, b) => a[0].localeCompare(b[0]))[0] as [string, number];
    const [server, start] = firstKey.split('\u0000') as [string, string];

    // Act
    const esm = await startMapping([]);
    await drained(esm, events, [0, 1, 2]);
    const top = await api.get<{ top: { key: string; count: number }[] }>('GET /v1/top/{metric}', {
      pathParameters: { metric: 'wiki-edits-by-server' },
      query: { window: new Date(Number(start)).toISOString(), n: '3' },
    });

    // Assess
    await assessExact(events, 'backfill');
    expect(top.status).toBe(200);
    expect(top.body.top).toContainEqual({ key: server, count: firstCount });
  });
});
