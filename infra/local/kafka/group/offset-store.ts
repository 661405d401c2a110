import { type FileHandle, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BrokerError } from '../protocol/errors.js';

/** One committed offset as the coordinator keeps it. */
export interface OffsetEntry {
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
}

export interface OffsetWrite {
  topic: string;
  partition: number;
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
}

export interface OffsetStoreOptions {
  /** Records written since the last compaction before one is considered. Default 10000. */
  compactionMinRecords?: number;
}

/** topic → partition → entry */
export type GroupOffsets = Map<string, Map<number, OffsetEntry>>;

/** [topic, partition, offset as decimal string, leaderEpoch, metadata, commitTimestamp] */
type EntryTuple = [string, number, string, number, string, number];

/**
 * One line of the offsets log:
 * - `{"g": group, "c": [EntryTuple...]}` commits offsets;
 * - `{"dg": group}` deletes every offset of a group;
 * - `{"dt": topic}` deletes every offset of a topic in every group.
 */
type LogRecord = { g: string; c: EntryTuple[] } | { dg: string } | { dt: string };

const LOG_FILE = 'offsets.jsonl';
const COMPACT_CHUNK = 1000;

/**
 * Committed offsets of every group. With a directory they are durable: each
 * change is appended as one JSON line to `offsets.jsonl` (written before the
 * change becomes visible, so a restart of the process keeps every
 * acknowledged commit), the log is replayed on open and rewritten to the live
 * entries (tmp file + fsync + rename) once it holds mostly stale records.
 * Writes are serialised in call order.
 */
export class OffsetStore {
  private readonly groups = new Map<string, GroupOffsets>();
  private readonly dir: string | null;
  private readonly compactionMinRecords: number;
  private handle: FileHandle | null = null;
  private fileSize = 0;
  private recordsSinceCompaction = 0;
  private liveEntries = 0;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(dir: string | null, options: OffsetStoreOptions) {
    this.dir = dir;
    this.compactionMinRecords = options.compactionMinRecords ?? 10_000;
  }

  /** Opens (creating if needed) the store in `dir`; `null` keeps offsets in memory only. */
  static async open(dir: string | null, options: OffsetStoreOptions = {}): Promise<OffsetStore> {
    const store = new OffsetStore(dir, options);
    if (dir !== null) await store.load(dir);
    return store;
  }

  /** Log file path, or null when in memory. */
  get path(): string | null {
    return this.dir === null ? null : join(this.dir, LOG_FILE);
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  hasOffsets(groupId: string): boolean {
    return this.groups.has(groupId);
  }

  /** The group's committed offsets (live view: do not mutate). */
  offsetsOf(groupId: string): GroupOffsets | undefined {
    return this.groups.get(groupId);
  }

  get(groupId: string, topic: string, partition: number): OffsetEntry | undefined {
    return this.groups.get(groupId)?.get(topic)?.get(partition);
  }

  /** Commits offsets; resolves once they are written (and visible). */
  commit(groupId: string, writes: readonly OffsetWrite[], now = Date.now()): Promise<void> {
    const record: LogRecord = {
      g: groupId,
      c: writes.map((w) => [w.topic, w.partition, w.offset.toString(), w.leaderEpoch, w.metadata, now]),
    };
    return this.write(record, writes.length);
  }

  deleteGroup(groupId: string): Promise<void> {
    return this.write({ dg: groupId }, 1);
  }

  deleteTopic(topic: string): Promise<void> {
    return this.write({ dt: topic }, 1);
  }

  /** Rewrites the log to the live entries only. */
  compact(): Promise<void> {
    if (this.dir === null) return Promise.resolve();
    return this.enqueue(() => this.rewrite());
  }

  /** Waits for pending writes, then syncs and closes the log. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return this.queue;
    this.closed = true;
    await this.enqueue(async () => {
      const handle = this.handle;
      this.handle = null;
      if (handle) {
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
    });
  }

  private write(record: LogRecord, weight: number): Promise<void> {
    if (this.closed) return Promise.reject(new BrokerError('offset store is closed'));
    if (this.dir === null) {
      this.apply(record);
      return Promise.resolve();
    }
    return this.enqueue(async () => {
      await this.append(`${JSON.stringify(record)}\n`);
      this.apply(record);
      this.recordsSinceCompaction += weight;
      if (
        this.recordsSinceCompaction >= this.compactionMinRecords &&
        this.recordsSinceCompaction > 2 * this.liveEntries
      ) {
        // The commit is already durable; a failed compaction leaves the log as it was and is retried later.
        await this.rewrite().catch(() => undefined);
      }
    });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async append(line: string): Promise<void> {
    const path = this.path!;
    this.handle ??= await open(path, 'a');
    const bytes = Buffer.from(line, 'utf8');
    try {
      await this.handle.writeFile(bytes);
      this.fileSize += bytes.length;
    } catch (err) {
      // Drop a partially written line so the next record starts on a clean line.
      await this.handle.truncate(this.fileSize).catch(() => undefined);
      throw err;
    }
  }

  private apply(record: LogRecord): void {
    if ('c' in record) {
      let group = this.groups.get(record.g);
      if (!group) {
        group = new Map();
        this.groups.set(record.g, group);
      }
      for (const [topic, partition, offset, leaderEpoch, metadata, commitTimestamp] of record.c) {
        let partitions = group.get(topic);
        if (!partitions) {
          partitions = new Map();
          group.set(topic, partitions);
        }
        if (!partitions.has(partition)) this.liveEntries++;
        partitions.set(partition, { offset: BigInt(offset), leaderEpoch, metadata, commitTimestamp });
      }
    } else if ('dg' in record) {
      const group = this.groups.get(record.dg);
      if (group) {
        for (const partitions of group.values()) this.liveEntries -= partitions.size;
        this.groups.delete(record.dg);
      }
    } else {
      for (const [groupId, group] of this.groups) {
        const partitions = group.get(record.dt);
        if (!partitions) continue;
        this.liveEntries -= partitions.size;
        group.delete(record.dt);
        if (group.size === 0) this.groups.delete(groupId);
      }
    }
  }

  private async load(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    await rm(`${this.path!}.tmp`, { force: true });
    let text: string;
    try {
      text = await readFile(this.path!, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const lines = text.split('\n');
    // A complete log ends with '\n', leaving one empty string; anything else there is a torn write.
    let damaged = lines.pop() !== '';
    let records = 0;
    for (const line of lines) {
      const record = parseRecord(line);
      if (record === null) {
        damaged = true;
        continue;
      }
      this.apply(record);
      records += 'c' in record ? record.c.length : 1;
    }
    this.fileSize = Buffer.byteLength(text, 'utf8');
    this.recordsSinceCompaction = records;
    if (damaged || (records >= this.compactionMinRecords && records > 2 * this.liveEntries)) await this.rewrite();
  }

  private async rewrite(): Promise<void> {
    const path = this.path!;
    const tmp = `${path}.tmp`;
    const lines: string[] = [];
    for (const [groupId, group] of this.groups) {
      let chunk: EntryTuple[] = [];
      for (const [topic, partitions] of group) {
        for (const [partition, e] of partitions) {
          chunk.push([topic, partition, e.offset.toString(), e.leaderEpoch, e.metadata, e.commitTimestamp]);
          if (chunk.length === COMPACT_CHUNK) {
            lines.push(`${JSON.stringify({ g: groupId, c: chunk })}\n`);
            chunk = [];
          }
        }
      }
      if (chunk.length > 0) lines.push(`${JSON.stringify({ g: groupId, c: chunk })}\n`);
    }
    const bytes = Buffer.from(lines.join(''), 'utf8');
    const out = await open(tmp, 'w');
    try {
      await out.writeFile(bytes);
      await out.sync();
    } finally {
      await out.close();
    }
    const old = this.handle;
    this.handle = null;
    await old?.close();
    await rename(tmp, path);
    await syncDir(this.dir!);
    this.fileSize = bytes.length;
    this.recordsSinceCompaction = this.liveEntries;
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can fsync a directory; the rename itself is atomic.
  }
}

const DECIMAL = /^-?\d+$/;

function isEntryTuple(value: unknown): value is EntryTuple {
  return (
    Array.isArray(value) &&
    value.length === 6 &&
    typeof value[0] === 'string' &&
    Number.isInteger(value[1]) &&
    typeof value[2] === 'string' &&
    DECIMAL.test(value[2]) &&
    Number.isInteger(value[3]) &&
    typeof value[4] === 'string' &&
    typeof value[5] === 'number'
  );
}

function parseRecord(line: string): LogRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (typeof r.g === 'string' && Array.isArray(r.c) && r.c.every(isEntryTuple)) return { g: r.g, c: r.c };
  if (typeof r.dg === 'string') return { dg: r.dg };
  if (typeof r.dt === 'string') return { dt: r.dt };
  return null;
}
