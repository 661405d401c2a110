import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { apis, type BrokerContext } from './apis/index.js';
import { GroupCoordinator } from './group/index.js';
import { LogManager } from './log/index.js';
import { KafkaServer } from './server.js';

/** Options of the embedded broker; every field has a development-friendly default. */
export interface BrokerOptions {
  /** TCP port; 0 picks any free port. Default 9092. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (never exposed beyond the machine unless asked). */
  host?: string;
  /** Host advertised in Metadata and FindCoordinator. Default: `host`. */
  advertisedHost?: string;
  /** Port advertised in Metadata and FindCoordinator (a proxy or port forward in front). Default: the bound port. */
  advertisedPort?: number;
  /** Where the log and committed offsets live. Default `.tandem/kafka`. Ignored with `inMemory`. */
  dataDir?: string;
  /** Keep everything in memory (tests). Default false. */
  inMemory?: boolean;
  /** Partitions of auto-created topics and of CreateTopics with -1. Default 3. */
  defaultPartitions?: number;
  /** Create a topic on first use (Metadata). Default true. */
  autoCreateTopics?: boolean;
  /** Largest request frame accepted; larger ones close the connection. Default 100 MiB. */
  maxFrameBytes?: number;
  /** Segment size before a new segment file is rolled. Default 64 MiB. */
  segmentBytes?: number;
  /** Delete old segments past this size per partition; -1 = unlimited. Default -1. */
  retentionBytes?: number;
  /** Delete segments whose newest record is older than this; -1 = forever. Default 7 days. */
  retentionMs?: number;
  /** How often retention runs. Default 60 s. */
  retentionCheckIntervalMs?: number;
  /** Wait for more members before the first generation of an empty group. Default 300 ms. */
  initialRebalanceDelayMs?: number;
  /** Bounds accepted for consumer session timeouts. Defaults 1 s and 300 s. */
  minSessionTimeoutMs?: number;
  maxSessionTimeoutMs?: number;
  /** Upper bound on a Fetch long poll, whatever the client asks. Default 30 s. */
  maxFetchWaitMs?: number;
  /** This node's id (also the controller id). Default 1. */
  nodeId?: number;
  /** Diagnostics (closed connections, handler errors). Default: silent. */
  log?: (message: string) => void;
}

export interface RunningBroker {
  /** Advertised `host:port`, ready for any Kafka client's bootstrap servers. */
  bootstrap: string;
  host: string;
  /** The port actually bound (differs from the advertised one only with `advertisedPort`). */
  port: number;
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Starts the embedded Kafka-protocol broker and resolves once it accepts connections. */
export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.inMemory ? null : path.resolve(options.dataDir ?? '.tandem/kafka');
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const logs = await LogManager.open({
    dataDir,
    defaultPartitions: options.defaultPartitions ?? 3,
    autoCreateTopics: options.autoCreateTopics ?? true,
    segmentBytes: options.segmentBytes ?? 64 * 1024 * 1024,
    retentionBytes: options.retentionBytes ?? -1,
    retentionMs: options.retentionMs ?? 7 * DAY_MS,
    retentionCheckIntervalMs: options.retentionCheckIntervalMs ?? 60_000,
  });
  const groups = await GroupCoordinator.open({
    dataDir,
    initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? 300,
    minSessionTimeoutMs: options.minSessionTimeoutMs ?? 1_000,
    maxSessionTimeoutMs: options.maxSessionTimeoutMs ?? 300_000,
  });
  const shutdown = new AbortController();
  // Every parked Fetch long poll listens for shutdown; there can be many.
  setMaxListeners(0, shutdown.signal);
  const ctx: BrokerContext = {
    nodeId: options.nodeId ?? 1,
    host: options.advertisedHost ?? host,
    port: 0,
    clusterId: await clusterId(dataDir),
    logs,
    groups,
    apis,
    maxFetchWaitMs: options.maxFetchWaitMs ?? 30_000,
    shutdown: shutdown.signal,
  };
  const server = new KafkaServer(ctx, {
    maxFrameBytes: options.maxFrameBytes ?? 100 * 1024 * 1024,
    ...(options.log ? { log: options.log } : {}),
  });
  let boundPort: number;
  try {
    boundPort = await server.listen(options.port ?? 9092, host);
    ctx.port = options.advertisedPort ?? boundPort;
  } catch (err) {
    await groups.close();
    await logs.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  const advertised = `${ctx.host}:${ctx.port}`;
  return {
    bootstrap: advertised,
    host: ctx.host,
    port: boundPort,
    close() {
      closing ??= (async () => {
        shutdown.abort();
        await server.close();
        await groups.close();
        await logs.close();
      })();
      return closing;
    },
  };
}

/** Kafka cluster ids are 22-character base64url UUIDs; ours is kept with the data so it is stable. */
async function clusterId(dataDir: string | null): Promise<string> {
  const fresh = () => randomBytes(16).toString('base64url');
  if (!dataDir) return fresh();
  const file = path.join(dataDir, 'cluster.json');
  try {
    const meta = JSON.parse(await readFile(file, 'utf8')) as { clusterId?: unknown };
    if (typeof meta.clusterId === 'string') return meta.clusterId;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = fresh();
  await writeFile(`${file}.tmp`, JSON.stringify({ clusterId: id }));
  await rename(`${file}.tmp`, file);
  return id;
}
