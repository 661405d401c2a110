import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ArchivedNotice, archivedObjects } from '../../functions/archiver/observer.js';
import { deadLetterEvents } from '../../functions/lib/dead-letter/index.js';
import { closeKafkaProducer, producedRecords } from '../../functions/lib/kafka-producer/index.js';
import { readMetricStates } from '../../functions/query-api/metric-state.js';
import {
  bucketEnvName,
  modelUriEnvName,
  type PipelineSpec,
  secretValueEnvName,
  tableEnvName,
} from '../pipeline/index.js';
import { reconciles, type TriggerCounts } from './accounting.js';
import { type ApiFunction, type LocalApi, startLocalApi } from './api/index.js';
import { measureBacklog, topicEnds } from './backlog.js';
import { deadLetterTally } from './dead-letter-tally.js';
import { type DemoProducers, startDemoProducers } from './demo/producers.js';
import { EventSourceMapping, s3FailureDestination } from './esm/index.js';
import { type RunningBroker, startBroker } from './kafka/index.js';
import { type LatencySample, latencySample } from './latency-sample.js';
import { seedLocalModels } from './models.js';
import { LOCAL_REGION, localBucketName, localTableName, provisionLocal } from './provision.js';
import { type LocalScheduler, startLocalScheduler } from './scheduler.js';
import { LOCAL_SLACK_HOOKS, localSecretValues } from './secrets.js';
import { startDynamo } from './services/dynamodb.js';
import { S3_CREDENTIALS, startS3 } from './services/s3.js';
import { type SlackPost, type SlackSink, startSlackSink } from './services/slack-sink.js';

/**
 * The whole pipeline on one machine: the embedded broker, DynamoDB and S3
 * stand-ins, a Slack webhook sink, one event-source-mapping emulator per
 * trigger invoking the handlers in-process, the schedules, the local API Gateway
 * and the demo producers — all read from `pipeline.ts`, all on 127.0.0.1.
 */
export interface LocalRuntimeOptions {
  pipeline: PipelineSpec;
  /** State directory (`.tandem`). */
  dataDir: string;
  /** Wipe the state directory first. */
  reset?: boolean;
  /** Fixed ports so outside producers can connect; 0 = any free port. */
  kafkaPort?: number;
  apiPort?: number;
  /** Run the demo producers (default true). */
  demo?: boolean;
  /** Override every demo topic's rate, records per second. */
  rate?: number;
  /** Schedules declared `runsLocally: false` to run on their timers anyway (`--schedule <name>`). */
  schedules?: string[];
  /**
   * Values for variables the functions declare in their `environment` (`--wiki-stream` sets
   * `WIKIMEDIA_STREAM_URL`). Only declared variables: an undeclared one would be a typo no
   * function reads.
   */
  environment?: Record<string, string>;
  /** Serve the live dashboard at the API server's `/` (default true); built in memory at start. */
  dashboard?: boolean;
  /** Log sink (default stderr). */
  log?: (message: string) => void;
  onSlackPost?: (post: SlackPost) => void;
}

export interface TriggerReport extends TriggerCounts {
  trigger: string;
  topic: string;
  function: string;
  lag: number;
  inFlight: number;
  /** `deadLettered` by reason; `batch-failed` counts records handed to the on-failure destination. */
  deadLetteredByReason: Record<string, number>;
}

export interface RunSummary {
  /**
   * The top-level counts follow each topic's first trigger (its archive trigger), so every
   * record is counted once: `produced + backlog = processed + deadLettered + filtered`.
   * Every trigger's own counts are under `byTopic`.
   */
  produced: number;
  /** Records already waiting in the topics when the run began (an earlier run's leftovers). */
  backlog: number;
  processed: number;
  deadLettered: number;
  filtered: number;
  archivedFiles: number;
  archivedRecords: number;
  p50LatencyMs: number;
  p99LatencyMs: number;
  reconciled: boolean;
  /** Slack posts the sink accepted during this run, per notification channel (`sensor`: #sensor-alerts). */
  notifications: { negative: number; positive: number; sensor: number };
  /**
   * Per topic and trigger. Latency (produce → handler done) is per trigger too: an archive
   * trigger's includes its batching window (up to 60 s), a scoring trigger's does not.
   */
  byTopic: Record<
    string,
    {
      produced: number;
      triggers: Record<
        string,
        TriggerReport & {
          reconciled: boolean;
          p50LatencyMs: number;
          p99LatencyMs: number;
          /**
           * For a trigger whose function applies windowed metrics: per metric, the records it
           * processed but left out of the counts (late: behind the watermark; future: dated too
           * far ahead), each counted once, from the metric's state.
           */
          leftOutOfCounts?: Record<string, { late: number; future: number }>;
        }
      >;
    }
  >;
}

export interface LocalRuntime {
  bootstrap: string;
  apiUrl: string | undefined;
  /** The live dashboard's page, served by the API server (undefined when off or no API runs). */
  dashboardUrl: string | undefined;
  slackUrl: string;
  endpoints: { dynamodb: string; s3: string };
  /** Secret values handed to the handlers (`SECRET_<NAME>_VALUE`), by secret name. */
  secrets: Record<string, string>;
  /** The Slack sink: posts accepted this run, and its failure switch for outage drills. */
  slack: SlackSink;
  reports(): TriggerReport[];
  /** Runs a schedule's function now (as its timer would) and resolves to the function's response. */
  runSchedule(name: string): Promise<unknown>;
  /**
   * Stops the demo producers, invokes what each trigger holds without waiting out its batching
   * window, and waits until every trigger has consumed what it owes (or `timeoutMs`).
   */
  drain(timeoutMs: number): Promise<boolean>;
  summary(): Promise<RunSummary>;
  stop(): Promise<void>;
}

const LATENCY_SAMPLE = 50_000;
/** The archiving function's name in infra/pipeline.ts. */
const ARCHIVER = 'archiver';
const TRIGGER_LATENCY_SAMPLE = 10_000;

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { pipeline } = options;
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dataDir = path.resolve(options.dataDir);
  checkLocalOptions(pipeline, options);
  if (options.reset) await rm(dataDir, { recursive: true, force: true });
  const startedAt = Date.now();
  const closers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const close of closers.reverse()) await close().catch((err) => log(`shutdown: ${(err as Error).message}`));
    closers.length = 0;
  };

  try {
    const broker: RunningBroker = await startBroker({
      port: options.kafkaPort ?? 0,
      dataDir: path.join(dataDir, 'kafka'),
      defaultPartitions: 3,
      initialRebalanceDelayMs: 100,
      log: (m) => log(`[broker] ${m}`),
    });
    closers.push(() => broker.close());
    const dynamo = await startDynamo({ dir: path.join(dataDir, 'dynamodb') });
    closers.push(() => dynamo.close());
    const s3 = await startS3({ dir: path.join(dataDir, 's3') });
    closers.push(() => s3.close());
    const slack: SlackSink = await startSlackSink({
      file: path.join(dataDir, 'slack.jsonl'),
      ...(options.onSlackPost ? { onPost: options.onSlackPost } : {}),
    });
    closers.push(() => slack.close());

    await provisionLocal(pipeline, { bootstrap: broker.bootstrap, dynamodb: dynamo.endpoint, s3: s3.endpoint });
    const secrets = await localSecretValues(pipeline, { dataDir, slackUrl: slack.url });
    const models = await seedLocalModels(pipeline, dataDir);
    configureEnvironment(pipeline, {
      models,
      bootstrap: broker.bootstrap,
      dynamodb: dynamo.endpoint,
      s3: s3.endpoint,
      slack: slack.url,
      secrets,
      overrides: options.environment ?? {},
    });

    const s3Client = new S3Client({
      endpoint: s3.endpoint,
      region: LOCAL_REGION,
      forcePathStyle: true,
      credentials: S3_CREDENTIALS,
    });
    closers.push(async () => s3Client.destroy());

    // Handlers are imported once, like a warm Lambda container: module scope runs at cold start.
    const handlers = new Map<string, (event: unknown, context: unknown) => Promise<unknown>>();
    for (const [name, fn] of Object.entries(pipeline.functions)) {
      const mod = (await import(path.resolve(fn.handler))) as { handler?: unknown };
      if (typeof mod.handler !== 'function') throw new Error(`${fn.handler} does not export a handler function`);
      handlers.set(name, mod.handler as (event: unknown, context: unknown) => Promise<unknown>);
    }
    // Functions that produce share one producer per process (a container's); it goes before the broker.
    closers.push(() => closeKafkaProducer());

    // Dead-letter notices arrive at least once (a retried batch dead-letters its records again):
    // count each record once per function, remembering only records not yet committed.
    const handlerDeadLetters = deadLetterTally();
    const onDeadLetter = handlerDeadLetters.note;
    deadLetterEvents.on('dead-letter', onDeadLetter);
    closers.push(async () => {
      deadLetterEvents.off('dead-letter', onDeadLetter);
    });

    // Rows archived, counted as the archiver writes them rather than read back from S3: each
    // (topic, partition, offset) once, although a retried or bisected batch writes rows again.
    // The same tally as dead letters: offsets are remembered only until the archive trigger
    // commits past them. Files: objects that added at least one row.
    const archivedRows = deadLetterTally();
    let archivedFiles = 0;
    const onArchived = (n: ArchivedNotice) => {
      const before = archivedRows.count(ARCHIVER, n.topic);
      for (const offset of n.offsets)
        archivedRows.note({ function: ARCHIVER, topic: n.topic, partition: n.partition, offset });
      if (archivedRows.count(ARCHIVER, n.topic) > before) archivedFiles++;
    };
    archivedObjects.on('archived', onArchived);
    closers.push(async () => {
      archivedObjects.off('archived', onArchived);
    });

    // Records the functions produce (API ingest, Slack events) count as produced, like the demo's.
    const producedByFunctions = new Map<string, number>();
    const onProduced = (e: { topic: string; count: number }) =>
      producedByFunctions.set(e.topic, (producedByFunctions.get(e.topic) ?? 0) + e.count);
    producedRecords.on('produced', onProduced);
    closers.push(async () => {
      producedRecords.off('produced', onProduced);
    });

    const latencies = latencySample(LATENCY_SAMPLE);
    const triggerLatencies = new Map<string, LatencySample>();

    // Every record appended during the run counts as produced, whoever produced it (demo, the
    // functions, or a user's own kcat): the summary reads it off the log's end offsets.
    const topicPartitions = Object.fromEntries(
      Object.entries(pipeline.topics).map(([t, spec]) => [t, spec.partitions]),
    );
    const endsAtStart = await topicEnds(broker.bootstrap, topicPartitions);

    const mappings: { trigger: (typeof pipeline.triggers)[number]; esm: EventSourceMapping; backlog: number }[] = [];
    for (const trigger of pipeline.triggers) {
      const fn = pipeline.functions[trigger.function];
      const handler = handlers.get(trigger.function);
      if (!fn || !handler) throw new Error(`trigger ${trigger.name}: unknown function ${trigger.function}`);
      const backlog = await measureBacklog(broker.bootstrap, trigger, pipeline.topics[trigger.topic]?.partitions ?? 1);
      const esm = await EventSourceMapping.start({
        trigger,
        bootstrap: broker.bootstrap,
        functionName: trigger.function,
        timeoutSeconds: fn.timeoutSeconds,
        memoryMb: fn.memoryMb,
        handler: handler as never,
        ...(trigger.onFailure
          ? { destination: s3FailureDestination(s3Client, localBucketName(trigger.onFailure.bucket), trigger.function) }
          : {}),
        log: (m: string) => log(`[esm ${trigger.name}] ${m}`),
      });
      const triggerLatency = latencySample(TRIGGER_LATENCY_SAMPLE);
      triggerLatencies.set(trigger.name, triggerLatency);
      esm.on('processed', (e: { timestamps: number[] }) => {
        const now = Date.now();
        for (const ts of e.timestamps) {
          latencies.add(now - ts);
          triggerLatency.add(now - ts);
        }
      });
      mappings.push({ trigger, esm, backlog });
      closers.push(() => esm.stop());
    }

    const scheduler: LocalScheduler = startLocalScheduler({
      schedules: pipeline.schedules,
      functions: new Map(
        [...handlers].map(([name, handler]) => {
          const fn = pipeline.functions[name];
          return [name, { handler, memoryMb: fn?.memoryMb ?? 128, timeoutSeconds: fn?.timeoutSeconds ?? 30 }];
        }),
      ),
      enabled: options.schedules ?? [],
      log,
    });
    closers.push(() => scheduler.stop());

    let api: LocalApi | undefined;
    const serveDashboard = options.dashboard !== false;
    if (pipeline.api.length > 0 || options.apiPort) {
      // The page is built from source at each start (under a second), so it always matches the checkout.
      const staticFiles = serveDashboard
        ? await (await import('../../dashboard/build.js')).buildDashboard({ sourcemap: true })
        : undefined;
      api = await startLocalApi({
        ...(options.apiPort !== undefined ? { port: options.apiPort } : {}),
        ...(staticFiles ? { staticFiles } : {}),
        routes: pipeline.api.map((r) => ({
          route: r.route,
          functionName: r.function,
          handler: handlers.get(r.function) as ApiFunction,
          timeoutSeconds: pipeline.functions[r.function]?.timeoutSeconds ?? 30,
        })),
        log,
      });
      closers.push(() => (api as LocalApi).close());
    }

    let producers: DemoProducers | undefined;
    if (options.demo !== false) {
      producers = await startDemoProducers({
        bootstrap: broker.bootstrap,
        topics: Object.entries(pipeline.topics).flatMap(([topic, t]) =>
          t.demo ? [{ topic, generator: t.demo.generator, ratePerSecond: t.demo.ratePerSecond }] : [],
        ),
        ...(options.rate !== undefined ? { rate: options.rate } : {}),
        seqStart: startedAt,
        // The replayed backfill consumed (lag and in-flight 0 on every trigger of its topics but
        // the archiver's, whose batching window holds records for a minute on purpose) before
        // the paced newest hours start, waiting at most two minutes.
        pacedAfter: async (topics) => {
          const deadline = Date.now() + 120_000;
          const consumed = () =>
            reports()
              .filter((r) => topics.includes(r.topic) && r.function !== ARCHIVER)
              .every((r) => r.lag === 0 && r.inFlight === 0);
          while (Date.now() < deadline && !consumed()) await new Promise((r) => setTimeout(r, 100));
        },
        onError: (err) => log(`[demo] ${err.message}`),
      });
      closers.push(() => (producers as DemoProducers).stop());
    }

    const reports = (): TriggerReport[] =>
      mappings.map(({ trigger, esm, backlog }) => {
        const s = esm.stats();
        handlerDeadLetters.settle(trigger.function, trigger.topic, s.lastCommitted);
        if (trigger.function === ARCHIVER) archivedRows.settle(ARCHIVER, trigger.topic, s.lastCommitted);
        const handlerDl = handlerDeadLetters.count(trigger.function, trigger.topic);
        return {
          trigger: trigger.name,
          topic: trigger.topic,
          function: trigger.function,
          produced: (producers?.produced.get(trigger.topic) ?? 0) + (producedByFunctions.get(trigger.topic) ?? 0),
          backlog,
          // A batch still in flight may have dead-lettered records before it succeeded: never below 0.
          processed: Math.max(0, s.succeededRecords - handlerDl),
          deadLettered: handlerDl + s.sentToDestination,
          deadLetteredByReason: {
            ...handlerDeadLetters.byReason(trigger.function, trigger.topic),
            ...(s.sentToDestination > 0 ? { 'batch-failed': s.sentToDestination } : {}),
          },
          filtered: s.filtered,
          lost: s.droppedRecords,
          lag: Object.values(s.lag as Record<string, number>).reduce((a, b) => a + b, 0),
          inFlight: s.inFlight,
        };
      });

    return {
      bootstrap: broker.bootstrap,
      apiUrl: api?.url,
      dashboardUrl: api && serveDashboard ? `${api.url}/` : undefined,
      slackUrl: slack.url,
      endpoints: { dynamodb: dynamo.endpoint, s3: s3.endpoint },
      secrets,
      slack,
      reports,
      runSchedule: (name) => scheduler.runNow(name),
      async drain(timeoutMs) {
        await producers?.stop();
        for (const { esm } of mappings) esm.closeBatchingWindow();
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const done = reports().every(
            (r) =>
              r.inFlight === 0 &&
              r.lag === 0 &&
              r.processed + r.deadLettered + r.filtered + r.lost >= r.produced + r.backlog,
          );
          if (done) return true;
          if (Date.now() > deadline) return false;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      async summary() {
        const endsNow = await topicEnds(broker.bootstrap, topicPartitions);
        const appended = new Map(
          [...endsAtStart].map(([topic, start]) => [topic, (endsNow.get(topic) ?? start) - start]),
        );
        const rs = reports().map((r) => ({ ...r, produced: Math.max(r.produced, appended.get(r.topic) ?? 0) }));
        const metricStates = await leftOutOfCounts(pipeline, dynamo.endpoint);
        const byTopic: RunSummary['byTopic'] = {};
        for (const r of rs) {
          byTopic[r.topic] ??= { produced: r.produced, triggers: {} };
          const latency = triggerLatencies.get(r.trigger);
          const metrics = Object.entries(pipeline.metrics).filter(
            ([, m]) => m.function === r.function && m.topic === r.topic,
          );
          (byTopic[r.topic] as RunSummary['byTopic'][string]).triggers[r.trigger] = {
            ...r,
            reconciled: reconciles(r),
            p50LatencyMs: latency?.percentile(50) ?? 0,
            p99LatencyMs: latency?.percentile(99) ?? 0,
            ...(metrics.length === 0
              ? {}
              : {
                  leftOutOfCounts: Object.fromEntries(
                    metrics.map(([name]) => [name, metricStates.get(name) ?? { late: 0, future: 0 }]),
                  ),
                }),
          };
        }
        // Top-level figures follow each topic's first trigger, so no record is counted twice.
        const primary = Object.values(byTopic).map((t) => Object.values(t.triggers)[0] as TriggerReport);
        const sum = (f: (r: TriggerReport) => number) => primary.reduce((n, r) => n + f(r), 0);
        return {
          produced: sum((r) => r.produced),
          backlog: sum((r) => r.backlog),
          processed: sum((r) => r.processed),
          deadLettered: sum((r) => r.deadLettered),
          filtered: sum((r) => r.filtered),
          archivedFiles,
          archivedRecords: pipeline.triggers
            .filter((t) => t.function === ARCHIVER)
            .reduce((n, t) => n + archivedRows.count(ARCHIVER, t.topic), 0),
          p50LatencyMs: latencies.percentile(50),
          p99LatencyMs: latencies.percentile(99),
          reconciled: rs.every(reconciles),
          notifications: {
            negative: slack.acceptedByHook.get(LOCAL_SLACK_HOOKS.negative) ?? 0,
            positive: slack.acceptedByHook.get(LOCAL_SLACK_HOOKS.positive) ?? 0,
            sensor: slack.acceptedByHook.get(LOCAL_SLACK_HOOKS.sensor) ?? 0,
          },
          byTopic,
        };
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Refuses schedule names and environment overrides the pipeline does not declare, before anything starts. */
function checkLocalOptions(pipeline: PipelineSpec, options: LocalRuntimeOptions): void {
  const problems: string[] = [];
  const schedules = new Set(pipeline.schedules.map((s) => s.name));
  for (const name of options.schedules ?? []) if (!schedules.has(name)) problems.push(`no schedule named ${name}`);
  const declared = new Set(Object.values(pipeline.functions).flatMap((f) => Object.keys(f.environment ?? {})));
  for (const key of Object.keys(options.environment ?? {}))
    if (!declared.has(key)) problems.push(`no function declares the environment variable ${key}`);
  if (problems.length > 0) throw new Error(problems.join('; '));
}

/** Sets the environment the handlers read, as the CDK stack does on AWS (plus the local endpoints). */
function configureEnvironment(
  pipeline: PipelineSpec,
  endpoints: {
    /** Model name → its local registry root (models.ts). */
    models: Record<string, string>;
    bootstrap: string;
    dynamodb: string;
    s3: string;
    slack: string;
    secrets: Record<string, string>;
    /** Values replacing declared ones (checked by `checkLocalOptions`). */
    overrides: Record<string, string>;
  },
): void {
  const env: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    KAFKA_BOOTSTRAP: endpoints.bootstrap,
    SLACK_WEBHOOK_BASE_URL: `${endpoints.slack}/services`,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  };
  for (const name of Object.keys(pipeline.tables)) env[tableEnvName(name)] = localTableName(name);
  for (const name of Object.keys(pipeline.buckets)) env[bucketEnvName(name)] = localBucketName(name);
  // On AWS a function gets SECRET_<NAME>_ARN and reads Secrets Manager; locally the value itself.
  for (const [name, value] of Object.entries(endpoints.secrets)) env[secretValueEnvName(name)] = value;
  // A model's registry: the models bucket on AWS, <data dir>/models/<name> here (models.ts).
  for (const [name, root] of Object.entries(endpoints.models)) env[modelUriEnvName(name)] = root;
  // Handlers share one process here, so two functions may not give one variable different values.
  for (const [fnName, fn] of Object.entries(pipeline.functions)) {
    for (const [k, v] of Object.entries(fn.environment ?? {})) {
      if (k in env && env[k] !== v)
        throw new Error(`functions.${fnName}.environment.${k} conflicts with another function's value`);
      env[k] = v;
    }
  }
  Object.assign(process.env, env, endpoints.overrides);
}

/** Per metric, the records left out of its counts (late, future), from its `window-state` item. */
async function leftOutOfCounts(
  pipeline: PipelineSpec,
  endpoint: string,
): Promise<Map<string, { late: number; future: number }>> {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: S3_CREDENTIALS }),
  );
  try {
    const states = await readMetricStates(
      documents,
      localTableName('window-state'),
      Object.keys(pipeline.metrics),
      Date.now(),
    );
    return new Map([...states].map(([name, s]) => [name, { late: s.lateRecords ?? 0, future: s.futureRecords ?? 0 }]));
  } finally {
    documents.destroy();
  }
}
