import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, KafkaError } from '../protocol/errors.js';
import { PartitionLog, type PartitionLogOptions } from './partition-log.js';

export const MAX_PARTITIONS = 10_000;
export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;
const TOPIC_FILE = 'topic.json';
const PRODUCER_IDS_FILE = 'producer-ids.json';

/** Topic configs that override the broker defaults of a topic's partition logs. */
export const TopicConfig = {
  RETENTION_MS: 'retention.ms',
  RETENTION_BYTES: 'retention.bytes',
  SEGMENT_BYTES: 'segment.bytes',
} as const;

export interface LogManagerOptions {
  /** Root of the persisted state; null keeps every log in memory. */
  dataDir: string | null;
  defaultPartitions: number;
  autoCreateTopics: boolean;
  segmentBytes: number;
  /** -1 = unlimited. */
  retentionBytes: number;
  /** -1 = unlimited. */
  retentionMs: number;
  /** Period of the retention check; <= 0 disables the timer (call applyRetention yourself). */
  retentionCheckIntervalMs: number;
  /** Called with errors of the background retention run (default: ignored). */
  onError?: (error: unknown) => void;
}

export interface Topic {
  readonly name: string;
  /** 16 random bytes, never all zero, stable across restarts. */
  readonly topicId: Buffer<ArrayBuffer>;
  readonly partitions: PartitionLog[];
  /** Topic-level config overrides (null values given at creation are dropped). */
  readonly configs: Readonly<Record<string, string>>;
  readonly createdAt: number;
}

interface TopicFile {
  name: string;
  topicId: string;
  partitions: number;
  configs: Record<string, string>;
  createdAt: number;
}

/** Throws KafkaError(INVALID_TOPIC_EXCEPTION) unless `name` is a legal Kafka topic name. */
export function validateTopicName(name: string): void {
  if (name.length === 0 || name.length > MAX_TOPIC_NAME_LENGTH) {
    throw new KafkaError(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      `topic name must have 1 to ${MAX_TOPIC_NAME_LENGTH} characters, got ${name.length}`,
    );
  }
  if (name === '.' || name === '..') {
    throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `topic name cannot be "${name}"`);
  }
  if (!LEGAL_TOPIC_NAME.test(name)) {
    throw new KafkaError(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      `topic name "${name}" is illegal: only ASCII alphanumerics, '.', '_' and '-' are allowed`,
    );
  }
}

function newTopicId(taken: (hex: string) => boolean): Buffer<ArrayBuffer> {
  for (;;) {
    const id = Buffer.from(randomBytes(16));
    let zeroPrefix = true;
    for (let i = 0; i < 15; i++) if (id[i] !== 0) zeroPrefix = false;
    // Kafka reserves the zero UUID and 0...01 (metadata topic), and avoids ids whose base64 starts with '-'.
    if (zeroPrefix && (id[15] === 0 || id[15] === 1)) continue;
    if (id.toString('base64url').startsWith('-')) continue;
    if (taken(id.toString('hex'))) continue;
    return id;
  }
}

function parseLongConfig(configs: Record<string, string>, key: string, min: number): number | undefined {
  const raw = configs[key];
  if (raw === undefined) return undefined;
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    // Kafka answers INVALID_CONFIG (40) here; the error table has no such code yet.
    throw new KafkaError(ErrorCode.INVALID_REQUEST, `invalid value "${raw}" for topic config ${key}`);
  }
  return value;
}

async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, file);
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Owns every topic and its partition logs. On disk: `<dataDir>/topics/<name>/topic.json`
 * (written last, atomically: a topic directory without it is an unfinished
 * create or delete and is removed on open), partitions under
 * `<dataDir>/topics/<name>/<partition>/`, and `<dataDir>/producer-ids.json`.
 */
export class LogManager {
  readonly dataDir: string | null;
  readonly defaultPartitions: number;
  readonly autoCreateTopics: boolean;
  private readonly defaults: Omit<PartitionLogOptions, 'dir'>;
  private readonly byName = new Map<string, Topic>();
  private readonly byId = new Map<string, Topic>();
  private readonly creating = new Map<string, Promise<Topic>>();
  private readonly deleting = new Map<string, Promise<void>>();
  private readonly onError: (error: unknown) => void;
  private nextPid = 0;
  private pidWrites: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private retentionRun: Promise<void> | null = null;
  private closed = false;

  private constructor(opts: LogManagerOptions) {
    this.dataDir = opts.dataDir;
    this.defaultPartitions = opts.defaultPartitions;
    this.autoCreateTopics = opts.autoCreateTopics;
    this.defaults = {
      segmentBytes: opts.segmentBytes,
      retentionBytes: opts.retentionBytes,
      retentionMs: opts.retentionMs,
    };
    this.onError = opts.onError ?? (() => undefined);
  }

  static async open(opts: LogManagerOptions): Promise<LogManager> {
    const manager = new LogManager(opts);
    if (opts.dataDir !== null) await manager.load(opts.dataDir);
    if (opts.retentionCheckIntervalMs > 0) {
      manager.timer = setInterval(() => {
        void manager.applyRetention();
      }, opts.retentionCheckIntervalMs);
      manager.timer.unref();
    }
    return manager;
  }

  getTopic(name: string): Topic | undefined {
    return this.byName.get(name);
  }

  getTopicById(id: Buffer): Topic | undefined {
    return this.byId.get(id.toString('hex'));
  }

  topics(): Topic[] {
    return [...this.byName.values()];
  }

  partition(topic: string, index: number): PartitionLog | undefined {
    return this.byName.get(topic)?.partitions[index];
  }

  /**
   * Creates a topic. partitions -1 = the default count. Throws KafkaError
   * INVALID_TOPIC_EXCEPTION, TOPIC_ALREADY_EXISTS (also while another create
   * of the same name is in progress), INVALID_PARTITIONS (< 1 or > 10000), or
   * INVALID_REQUEST for an unparsable retention.ms / retention.bytes / segment.bytes.
   */
  createTopic(name: string, partitions = -1, configs: Record<string, string | null> = {}): Promise<Topic> {
    try {
      this.assertOpen();
      validateTopicName(name);
      if (this.byName.has(name) || this.creating.has(name)) {
        throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `topic "${name}" already exists`);
      }
      const count = partitions === -1 ? this.defaultPartitions : partitions;
      if (!Number.isInteger(count) || count < 1 || count > MAX_PARTITIONS) {
        throw new KafkaError(
          ErrorCode.INVALID_PARTITIONS,
          `number of partitions must be between 1 and ${MAX_PARTITIONS}, got ${count}`,
        );
      }
      const clean: Record<string, string> = {};
      for (const [key, value] of Object.entries(configs)) if (value !== null) clean[key] = value;
      this.logOptions(clean, null); // validates the configs we interpret
      const creation = this.create(name, count, clean);
      this.creating.set(name, creation);
      const done = (): void => {
        this.creating.delete(name);
      };
      creation.then(done, done);
      return creation;
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Closes the topic's logs and removes its files. UNKNOWN_TOPIC_OR_PARTITION if absent. */
  async deleteTopic(name: string): Promise<void> {
    this.assertOpen();
    const creating = this.creating.get(name);
    if (creating) await creating.catch(() => undefined);
    const topic = this.byName.get(name);
    if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${name}" does not exist`);
    this.byName.delete(name);
    this.byId.delete(topic.topicId.toString('hex'));
    const removal = this.removeTopicFiles(topic);
    this.deleting.set(name, removal);
    try {
      await removal;
    } finally {
      if (this.deleting.get(name) === removal) this.deleting.delete(name);
    }
  }

  /**
   * The topic, creating it with the default partition count when it does not
   * exist and auto-creation is on. Undefined when it does not exist and
   * auto-creation is off. Throws INVALID_TOPIC_EXCEPTION for an illegal name.
   */
  async ensureTopic(name: string): Promise<Topic | undefined> {
    const existing = this.byName.get(name);
    if (existing) return existing;
    const creating = this.creating.get(name);
    if (creating) return creating.catch(() => this.byName.get(name));
    if (!this.autoCreateTopics) return undefined;
    try {
      return await this.createTopic(name, -1);
    } catch (err) {
      if (err instanceof KafkaError && err.code === ErrorCode.TOPIC_ALREADY_EXISTS) {
        return this.byName.get(name) ?? (await this.creating.get(name)?.catch(() => undefined));
      }
      throw err;
    }
  }

  /**
   * A producer id never handed out before, by this process or an earlier one
   * on the same dataDir (persisted before it is returned).
   */
  async nextProducerId(): Promise<bigint> {
    this.assertOpen();
    const id = this.nextPid++;
    const dataDir = this.dataDir;
    if (dataDir !== null) {
      const write = this.pidWrites.then(() =>
        writeJsonAtomic(path.join(dataDir, PRODUCER_IDS_FILE), { nextProducerId: this.nextPid }),
      );
      this.pidWrites = write.catch(() => undefined);
      await write;
    }
    return BigInt(id);
  }

  /** Applies retention to every partition now (the timer calls this too). */
  applyRetention(now = Date.now()): Promise<void> {
    if (this.retentionRun) return this.retentionRun;
    const run = (async () => {
      for (const topic of this.byName.values()) {
        for (const log of topic.partitions) {
          try {
            await log.applyRetention(now);
          } catch (err) {
            this.onError(err);
          }
        }
      }
    })();
    this.retentionRun = run;
    const done = (): void => {
      this.retentionRun = null;
    };
    run.then(done, done);
    return run;
  }

  /** Stops the retention timer and closes every log (fsyncing the active segments). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.creating.values()]);
    await Promise.allSettled([...this.deleting.values()]);
    if (this.retentionRun) await this.retentionRun;
    await this.pidWrites;
    await Promise.all(this.topics().flatMap((t) => t.partitions.map((p) => p.close())));
  }

  // ---------------------------------------------------------------- internals

  private assertOpen(): void {
    if (this.closed) throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, 'log manager is closed');
  }

  private topicDir(name: string): string {
    return path.join(this.dataDir!, 'topics', name);
  }

  /** Partition-log options of a topic: broker defaults overridden by its configs. */
  private logOptions(configs: Record<string, string>, dir: string | null): PartitionLogOptions {
    return {
      dir,
      segmentBytes: parseLongConfig(configs, TopicConfig.SEGMENT_BYTES, 1) ?? this.defaults.segmentBytes,
      retentionBytes: parseLongConfig(configs, TopicConfig.RETENTION_BYTES, -1) ?? this.defaults.retentionBytes,
      retentionMs: parseLongConfig(configs, TopicConfig.RETENTION_MS, -1) ?? this.defaults.retentionMs,
    };
  }

  private async openPartitions(name: string, count: number, configs: Record<string, string>): Promise<PartitionLog[]> {
    const opened = await Promise.allSettled(
      Array.from({ length: count }, (_, p) =>
        PartitionLog.open(
          this.logOptions(configs, this.dataDir === null ? null : path.join(this.topicDir(name), `${p}`)),
        ),
      ),
    );
    const failed = opened.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(opened.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
      throw failed.reason;
    }
    return opened.map((r) => (r as PromiseFulfilledResult<PartitionLog>).value);
  }

  private async create(name: string, count: number, configs: Record<string, string>): Promise<Topic> {
    const removal = this.deleting.get(name);
    if (removal) await removal.catch(() => undefined);
    const topicId = newTopicId((hex) => this.byId.has(hex));
    const createdAt = Date.now();
    if (this.dataDir !== null) {
      const dir = this.topicDir(name);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
    }
    let partitions: PartitionLog[] = [];
    try {
      partitions = await this.openPartitions(name, count, configs);
      if (this.dataDir !== null) {
        const file: TopicFile = { name, topicId: topicId.toString('hex'), partitions: count, configs, createdAt };
        await writeJsonAtomic(path.join(this.topicDir(name), TOPIC_FILE), file);
      }
    } catch (err) {
      await Promise.all(partitions.map((p) => p.close()));
      if (this.dataDir !== null) await rm(this.topicDir(name), { recursive: true, force: true });
      throw err;
    }
    const topic: Topic = { name, topicId, partitions, configs, createdAt };
    this.register(topic);
    return topic;
  }

  private register(topic: Topic): void {
    this.byName.set(topic.name, topic);
    this.byId.set(topic.topicId.toString('hex'), topic);
  }

  private async removeTopicFiles(topic: Topic): Promise<void> {
    await Promise.all(topic.partitions.map((p) => p.close()));
    if (this.dataDir === null) return;
    const dir = this.topicDir(topic.name);
    // topic.json goes first: a crash in the middle leaves a directory that open() discards.
    await unlink(path.join(dir, TOPIC_FILE)).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }

  private async load(dataDir: string): Promise<void> {
    const topicsDir = path.join(dataDir, 'topics');
    await mkdir(topicsDir, { recursive: true });
    const pids = (await readJson(path.join(dataDir, PRODUCER_IDS_FILE))) as { nextProducerId?: unknown } | undefined;
    if (pids && typeof pids.nextProducerId === 'number' && Number.isSafeInteger(pids.nextProducerId)) {
      this.nextPid = Math.max(0, pids.nextProducerId);
    }
    const entries = await readdir(topicsDir, { withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(topicsDir, entry.name);
      const meta = (await readJson(path.join(dir, TOPIC_FILE))) as TopicFile | undefined;
      if (!meta || meta.name !== entry.name) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      const topicId = Buffer.from(meta.topicId, 'hex');
      if (topicId.length !== 16) throw new Error(`${dir}/${TOPIC_FILE}: bad topicId ${meta.topicId}`);
      const configs = meta.configs ?? {};
      const partitions = await this.openPartitions(meta.name, meta.partitions, configs);
      this.register({ name: meta.name, topicId, partitions, configs, createdAt: meta.createdAt });
      // Never hand out an id that some stored batch already carries (e.g. a lost producer-ids.json).
      for (const p of partitions) {
        const max = p.maxProducerId();
        if (max >= 0n && max < BigInt(Number.MAX_SAFE_INTEGER) && Number(max) >= this.nextPid) {
          this.nextPid = Number(max) + 1;
        }
      }
    }
  }
}
