import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DecodedRecord } from '../functions/lib/kafka-event/index.js';
import { collapse, metricsOf, type WindowInput, windowCounter } from '../functions/lib/windows/index.js';
import { prng } from '../infra/local/demo/generators.js';
import { LOCAL_REGION, localTableName, provisionTables } from '../infra/local/provision.js';
import { startDynamo } from '../infra/local/services/dynamodb.js';
import { S3_CREDENTIALS } from '../infra/local/services/s3.js';
import { pipeline } from '../infra/pipeline.js';
import { fmt, printTable } from './table.js';

/**
 * The window engine against dynalite, with the two wiki metrics of infra/pipeline.ts
 * (edits per user and per wiki, 10-minute windows), on 10,000 recentchange-shaped events
 * spread over 3 partitions and ten minutes of event time, users Zipf(1.1) over 5,000 names
 * (a live feed's shape: a few bots and power editors make most edits).
 *
 * Beside it in the same run, the baseline the engine replaces: one conditional UpdateItem
 * per record per metric (a Spark `foreach` writer or a per-record Lambda). Requests are
 * counted by a middleware on the client, by command. dynalite runs in this process, so its
 * own work is inside every timing, tandem's and the baseline's alike.
 */
const EVENTS = 10_000;
const BATCH_SIZES = [100, 1000, 10_000] as const;
const PARTITIONS = 3;
const T0 = Date.UTC(2026, 10, 1, 10, 0, 0);

function events(seed: number): WindowInput[] {
  const rand = prng(seed);
  const users = 5000;
  const weights = Array.from({ length: users }, (_, i) => 1 / (i + 1) ** 1.1);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  const user = () => {
    const r = rand() * sum;
    let lo = 0;
    let hi = users - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < r) lo = mid + 1;
      else hi = mid;
    }
    return `User${lo}`;
  };
  const wikis = ['en', 'de', 'fr', 'ja', 'commons', 'wikidata', 'es', 'it'];
  const offsets = new Array(PARTITIONS).fill(0);
  return Array.from({ length: EVENTS }, (_, i) => {
    const partition = i % PARTITIONS;
    const offset = offsets[partition]++;
    const record = {
      topic: 'wiki-changes',
      partition,
      offset,
      coordinates: `wiki-changes-${partition}@${offset}`,
    } as DecodedRecord;
    const t = T0 + Math.floor((i / EVENTS) * 600_000) - Math.floor(rand() * 30_000);
    return {
      record,
      event: {
        type: rand() < 0.9 ? 'edit' : 'new',
        user: user(),
        server_name: `${wikis[Math.floor(rand() * wikis.length)]}.wikipedia.org`,
        timestamp: Math.floor(t / 1000),
      },
    };
  });
}

interface Counted {
  client: DynamoDBDocumentClient;
  requests: Map<string, number>;
}

function countingClient(endpoint: string): Counted {
  const raw = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: S3_CREDENTIALS });
  const requests = new Map<string, number>();
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context as { commandName?: string }).commandName ?? 'unknown';
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return { client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }), requests };
}

const WRITE_COMMANDS = new Set(['UpdateItemCommand', 'PutItemCommand', 'BatchWriteItemCommand', 'DeleteItemCommand']);
const sumOf = (requests: Map<string, number>, names: (n: string) => boolean) =>
  [...requests].filter(([n]) => names(n)).reduce((a, [, c]) => a + c, 0);

export async function run(): Promise<void> {
  const dynamo = await startDynamo();
  try {
    const metrics = metricsOf(pipeline, 'wiki-windows');
    const inputs = events(7);
    const rows: Record<string, string | number>[] = [];
    for (const batchSize of BATCH_SIZES) {
      await resetTables(dynamo.endpoint);
      const { client, requests } = countingClient(dynamo.endpoint);
      const counter = windowCounter({
        dynamo: client,
        windowsTable: localTableName('windows'),
        stateTable: localTableName('window-state'),
        metrics,
      });
      const started = performance.now();
      let aggregates = 0;
      for (let i = 0; i < inputs.length; i += batchSize) {
        const plan = await counter.plan(inputs.slice(i, i + batchSize));
        aggregates += (await counter.apply(plan)).aggregates;
      }
      const seconds = (performance.now() - started) / 1000;
      const writes = sumOf(requests, (n) => WRITE_COMMANDS.has(n));
      rows.push({
        approach: `tandem, batches of ${fmt(batchSize)}`,
        'aggregate writes': fmt(aggregates),
        'all write requests': fmt(writes),
        'read requests': fmt(sumOf(requests, (n) => !WRITE_COMMANDS.has(n))),
        'writes / 10k events': fmt((writes / EVENTS) * 10_000),
        'records/s': fmt(EVENTS / seconds),
      });
      client.destroy();
    }

    await resetTables(dynamo.endpoint);
    const naive = countingClient(dynamo.endpoint);
    const started = performance.now();
    // One plain ADD per record per metric, 50 in flight: the usual per-record writer, not even idempotent
    // (an offset guard would need the records of a partition written one after another).
    for (let i = 0; i < inputs.length; i += 50) {
      await Promise.all(
        inputs.slice(i, i + 50).flatMap(({ event }) =>
          metrics.map((m) => {
            const t = m.eventTime(event) as number;
            const start = t - (t % m.shape.sizeMs);
            return naive.client.send(
              new UpdateCommand({
                TableName: localTableName('windows'),
                Key: { series: `${m.name}|${m.key(event)}`, start },
                UpdateExpression: 'ADD #c :one',
                ExpressionAttributeNames: { '#c': 'count' },
                ExpressionAttributeValues: { ':one': 1 },
              }),
            );
          }),
        ),
      );
    }
    const seconds = (performance.now() - started) / 1000;
    const writes = sumOf(naive.requests, (n) => WRITE_COMMANDS.has(n));
    rows.push({
      approach: 'baseline: one update per record per metric (50 in flight)',
      'aggregate writes': fmt(writes),
      'all write requests': fmt(writes),
      'read requests': '0',
      'writes / 10k events': fmt((writes / EVENTS) * 10_000),
      'records/s': fmt(EVENTS / seconds),
    });
    naive.client.destroy();
    printTable(
      `Window engine: DynamoDB requests and throughput for ${fmt(EVENTS)} wiki events, 2 metrics (dynalite, in process)`,
      rows,
    );

    // The in-memory half alone: records → deltas per (key, window).
    const contributions = inputs.flatMap(({ record, event }) =>
      metrics.map((m) => ({
        metric: m,
        key: m.key(event) as string,
        eventTime: m.eventTime(event) as number,
        partition: record.partition,
        offset: record.offset,
      })),
    );
    const runs = 20;
    const t = performance.now();
    let deltas = 0;
    for (let r = 0; r < runs; r++) deltas = collapse(contributions).length;
    const perSecond = (EVENTS * runs) / ((performance.now() - t) / 1000);
    printTable('Window engine: collapsing records per (key, window) in memory, 2 metrics', [
      { step: 'collapse', events: fmt(EVENTS), 'distinct aggregates': fmt(deltas), 'records/s': fmt(perSecond) },
    ]);
  } finally {
    await dynamo.close();
  }
}

async function resetTables(endpoint: string): Promise<void> {
  const { DeleteTableCommand, ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: S3_CREDENTIALS });
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  for (const TableName of TableNames) await client.send(new DeleteTableCommand({ TableName }));
  client.destroy();
  await provisionTables(pipeline, endpoint);
}
