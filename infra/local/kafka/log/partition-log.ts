import { EventEmitter } from 'node:events';
import { ftruncateSync, writeSync, writevSync } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, KafkaError } from '../protocol/errors.js';
import {
  BATCH_HEADER_SIZE,
  BatchView,
  checkBatchAt,
  LOG_OVERHEAD,
  readInt64Number,
  recordTimestamps,
  setBaseOffset,
  setPartitionLeaderEpoch,
  splitBatches,
  validateProducedBatch,
} from './record-batch.js';

/** Leader epoch stamped into every stored batch (single node: the leader never changes). */
export const LEADER_EPOCH = 0;
/** Batches remembered per producer for duplicate detection (Kafka's NUM_BATCHES_TO_RETAIN). */
export const PRODUCER_BATCHES_RETAINED = 5;

const SEGMENT_FILE = /^(\d{20})\.log$/;
const RECOVERY_READ_BYTES = 4 << 20;
const INT32_MAX = 0x7fffffff;

export function segmentFileName(baseOffset: number | bigint): string {
  return `${String(baseOffset).padStart(20, '0')}.log`;
}

export interface PartitionLogOptions {
  /** Directory of the partition's segment files; null keeps the log in memory. */
  dir: string | null;
  /** Roll a new segment before an append that would take the active one past this size. */
  segmentBytes: number;
  /** Delete oldest segments while the rest still hold at least this many bytes; -1 = unlimited. */
  retentionBytes: number;
  /** Delete oldest segments whose newest batch timestamp is older than this; -1 = unlimited. */
  retentionMs: number;
}

export interface AppendResult {
  baseOffset: bigint;
  /** Always -1n: batches keep their CreateTime. */
  logAppendTimeMs: bigint;
  logStartOffset: bigint;
  /** The batch was already appended (idempotent retry); baseOffset is the original one. */
  duplicate?: boolean;
}

export interface ReadResult {
  /** Whole stored batches, back to back, as they go on the wire. */
  chunks: Buffer[];
  bytes: number;
}

export interface TimestampOffset {
  offset: bigint;
  timestamp: bigint;
}

interface ProducerBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}

interface ProducerState {
  epoch: number;
  /** Up to {@link PRODUCER_BATCHES_RETAINED} latest batches of the current epoch, oldest first. */
  batches: ProducerBatch[];
  lastOffset: number;
  lastAppendMs: number;
}

interface PendingAppend {
  data: Buffer;
  views: BatchView[];
  now: number;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface StagedAppend {
  entry: PendingAppend;
  /** null for a duplicate: nothing to write. */
  data: Buffer | null;
  baseOffset: number;
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

/**
 * One segment: a run of batches with contiguous offsets. The index keeps, per
 * batch, its base offset, byte position and maxTimestamp in typed arrays (24
 * bytes a batch); a batch's last offset and size follow from the next entry.
 */
class Segment {
  readonly baseOffset: number;
  nextOffset: number;
  size = 0;
  count = 0;
  bases: Float64Array = new Float64Array(16);
  positions: Float64Array = new Float64Array(16);
  maxTs: Float64Array = new Float64Array(16);
  maxTimestamp = Number.NEGATIVE_INFINITY;
  maxTimestampIndex = -1;

  // In-memory storage: the appended buffers and their start positions.
  readonly chunks: Buffer[] = [];
  readonly chunkStarts: number[] = [];

  // On-disk storage.
  readonly file: string | null;
  fh: FileHandle | null = null;
  opening: Promise<FileHandle> | null = null;
  /** Reads in flight; the file stays open until they finish. */
  pins = 0;
  /** Removed by retention: no new reads may start. */
  retired = false;
  closeWhenIdle = false;
  unlinkWhenIdle = false;

  constructor(baseOffset: number, file: string | null) {
    this.baseOffset = baseOffset;
    this.nextOffset = baseOffset;
    this.file = file;
  }

  add(baseOffset: number, position: number, maxTimestamp: number): void {
    const i = this.count;
    if (i === this.bases.length) {
      this.bases = grow(this.bases);
      this.positions = grow(this.positions);
      this.maxTs = grow(this.maxTs);
    }
    this.bases[i] = baseOffset;
    this.positions[i] = position;
    this.maxTs[i] = maxTimestamp;
    if (maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = maxTimestamp;
      this.maxTimestampIndex = i;
    }
    this.count = i + 1;
  }

  /** Index of the batch holding `offset` (largest base <= offset); -1 before the first. */
  indexOf(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.bases[mid]! <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  batchSize(i: number): number {
    return (i + 1 < this.count ? this.positions[i + 1]! : this.size) - this.positions[i]!;
  }

  batchLastOffset(i: number): number {
    return (i + 1 < this.count ? this.bases[i + 1]! : this.nextOffset) - 1;
  }

  /** In-memory mode: the bytes [from, to) as slices of the stored buffers. */
  slice(from: number, to: number, out: Buffer[]): void {
    const starts = this.chunkStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= from) lo = mid;
      else hi = mid - 1;
    }
    let pos = from;
    for (let c = lo; pos < to; c++) {
      const chunk = this.chunks[c]!;
      const start = starts[c]!;
      const end = Math.min(to, start + chunk.length);
      out.push(chunk.subarray(pos - start, end - start));
      pos = end;
    }
  }
}

/**
 * Writes at `position` synchronously. An append is a page-cache write of a few
 * KiB: about 2 µs in place of ~70 µs for a round trip through libuv's thread
 * pool, and it keeps the produce path free of awaits.
 */
function writeAllSync(fd: number, buffers: Buffer[], position: number): void {
  let total = 0;
  for (const b of buffers) total += b.length;
  let written =
    buffers.length === 1 ? writeSync(fd, buffers[0]!, 0, total, position) : writevSync(fd, buffers, position);
  if (written === total) return;
  const rest = Buffer.concat(buffers, total);
  while (written < total) {
    const n = writeSync(fd, rest, written, total - written, position + written);
    if (n <= 0) throw new Error(`short write at ${position + written}`);
    written += n;
  }
}

async function readFully(fh: FileHandle, buf: Buffer, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/**
 * The log of one topic-partition: segments of stored record batches, kept
 * exactly as produced (only baseOffset and partitionLeaderEpoch are stamped),
 * so Fetch serves them without re-encoding.
 *
 * On disk, segments are `<20-digit baseOffset>.log` files; the batch index is
 * rebuilt from them on open, with every batch's length and CRC checked and a
 * torn or corrupt tail truncated. In memory, segments hold the appended Buffers.
 *
 * Appends are serialized. On disk they go through a queue (a segment roll
 * opens a file asynchronously); appends that queue up meanwhile are validated
 * in order and written with one writev, then acknowledged together. Segment
 * writes are synchronous page-cache writes (see writeAllSync); reads are
 * asynchronous positional reads. The log end offset (= high watermark) only
 * moves once the bytes are written, so readers never see unwritten data.
 * Writes are not fsynced per append (like Kafka, durability against process
 * crashes comes from the page cache; close() fsyncs). Every append that moves
 * the log end offset emits 'append' (Fetch long-polls wait on it).
 *
 * Idempotent producers: per producerId the log keeps the epoch and the last 5
 * batches' sequence ranges, rebuilt from the batches on open, so a retried
 * batch is recognised as a duplicate across restarts. A producer the log does
 * not know (new, or all its batches removed by retention) may start at any
 * sequence, as in Kafka since 2.5 (KIP-360); the producer-state of a producer
 * is dropped when retention removes its last batch.
 */
export class PartitionLog extends EventEmitter<{ append: [] }> {
  segmentBytes: number;
  retentionBytes: number;
  retentionMs: number;

  private readonly dir: string | null;
  private segments: Segment[] = [];
  /** Offset the next appended batch gets (ahead of endOffset while a write is in flight). */
  private assignOffset = 0;
  /** Offset after the last written batch: the log end offset and high watermark. */
  private endOffset = 0;
  private totalSize = 0;
  private readonly producers = new Map<bigint, ProducerState>();
  private pending: PendingAppend[] = [];
  private draining: Promise<void> | null = null;
  private closed = false;

  private constructor(opts: PartitionLogOptions) {
    super();
    this.setMaxListeners(0); // one listener per waiting Fetch
    this.dir = opts.dir;
    this.segmentBytes = opts.segmentBytes;
    this.retentionBytes = opts.retentionBytes;
    this.retentionMs = opts.retentionMs;
  }

  static async open(opts: PartitionLogOptions): Promise<PartitionLog> {
    const log = new PartitionLog(opts);
    if (opts.dir === null) log.segments.push(new Segment(0, null));
    else await log.recover(opts.dir);
    return log;
  }

  get logStartOffset(): bigint {
    return BigInt(this.segments[0]!.baseOffset);
  }

  get logEndOffset(): bigint {
    return BigInt(this.endOffset);
  }

  /** Same as logEndOffset: one replica, acks are immediate. */
  get highWatermark(): bigint {
    return BigInt(this.endOffset);
  }

  /** Bytes of stored batches. */
  get sizeBytes(): number {
    return this.totalSize;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  /**
   * Appends a produce request's `records` for this partition: all batches or
   * none. The bytes are copied (the caller's buffer is not modified or kept).
   */
  async append(records: Buffer, now: number): Promise<AppendResult> {
    this.assertOpen();
    const data = Buffer.from(records);
    const views = splitBatches(data);
    if (views.length === 0) {
      throw new KafkaError(ErrorCode.INVALID_RECORD, 'produce request carries no record batch for the partition');
    }
    for (const view of views) validateProducedBatch(view);
    if (this.dir === null) return this.appendInMemory(data, views, now);
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ data, views, now, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /**
   * Registers a listener called after every append that moved the log end
   * offset (same as `on('append', listener)`); returns the unsubscribe function.
   */
  onAppend(listener: () => void): () => void {
    this.on('append', listener);
    return () => {
      this.off('append', listener);
    };
  }

  /**
   * Whole batches starting at the one holding `offset`: at least one batch
   * even if larger than maxBytes, then more while the total stays <= maxBytes.
   */
  async read(offset: bigint, maxBytes: number): Promise<ReadResult> {
    this.assertOpen();
    const target = Number(offset);
    if (target === this.endOffset) return { chunks: [], bytes: 0 };
    const start = this.segments[0]!.baseOffset;
    if (target < start || target > this.endOffset) {
      throw new KafkaError(
        ErrorCode.OFFSET_OUT_OF_RANGE,
        `offset ${offset} is outside the log range [${start}, ${this.endOffset}]`,
      );
    }
    // Plan the byte ranges synchronously (pinning segments), then read them.
    const plan: { seg: Segment; from: number; to: number }[] = [];
    let bytes = 0;
    let si = this.segmentIndexOf(target);
    let i = this.segments[si]!.indexOf(target);
    if (i < 0) i = 0;
    outer: for (; si < this.segments.length; si++, i = 0) {
      const seg = this.segments[si]!;
      if (i >= seg.count) continue;
      const from = seg.positions[i]!;
      let to = from;
      for (; i < seg.count; i++) {
        const size = seg.batchSize(i);
        if (bytes > 0 && bytes + size > maxBytes) {
          if (to > from) plan.push({ seg, from, to });
          break outer;
        }
        bytes += size;
        to += size;
      }
      plan.push({ seg, from, to });
    }
    const chunks: Buffer[] = [];
    if (this.dir === null) {
      for (const p of plan) p.seg.slice(p.from, p.to, chunks);
      return { chunks, bytes };
    }
    for (const p of plan) this.pin(p.seg);
    try {
      for (const p of plan) chunks.push(await this.readRange(p.seg, p.from, p.to));
    } finally {
      for (const p of plan) this.unpin(p.seg);
    }
    return { chunks, bytes };
  }

  /**
   * The earliest offset whose record timestamp is >= ts, with that timestamp.
   * Exact inside uncompressed and gzip batches; for other codecs the first
   * batch whose maxTimestamp >= ts (its base offset and maxTimestamp). Null if none.
   */
  async offsetForTimestamp(ts: bigint): Promise<TimestampOffset | null> {
    this.assertOpen();
    const target = Number(ts);
    for (const seg of [...this.segments]) {
      if (seg.maxTimestamp < target) continue;
      for (let i = 0; i < seg.count; i++) {
        if (seg.maxTs[i]! < target) continue;
        const batch = await this.readBatch(seg, i);
        if (batch === null) break; // removed by retention meanwhile
        const base = seg.bases[i]!;
        const records = recordTimestamps(batch);
        if (records === null) return { offset: BigInt(base), timestamp: BigInt(seg.maxTs[i]!) };
        for (const r of records) {
          if (r.timestamp >= target) return { offset: BigInt(base + r.offsetDelta), timestamp: BigInt(r.timestamp) };
        }
      }
    }
    return null;
  }

  /**
   * Offset and timestamp of the record with the largest timestamp (earliest
   * such record), for ListOffsets MAX_TIMESTAMP. For compressed batches that
   * cannot be decoded, the batch's last offset. Null when the log is empty.
   */
  async maxTimestampOffset(): Promise<TimestampOffset | null> {
    this.assertOpen();
    let best: Segment | null = null;
    for (const seg of this.segments) {
      if (seg.count > 0 && (best === null || seg.maxTimestamp > best.maxTimestamp)) best = seg;
    }
    if (best === null) return null;
    const i = best.maxTimestampIndex;
    const maxTs = best.maxTs[i]!;
    const batch = await this.readBatch(best, i);
    const records = batch === null ? null : recordTimestamps(batch);
    if (records !== null) {
      for (const r of records) {
        if (r.timestamp === maxTs) {
          return { offset: BigInt(best.bases[i]! + r.offsetDelta), timestamp: BigInt(maxTs) };
        }
      }
    }
    return { offset: BigInt(best.batchLastOffset(i)), timestamp: BigInt(maxTs) };
  }

  /**
   * Deletes whole oldest segments, never the active one, as Kafka does: a
   * segment goes when the log without it still holds >= retentionBytes, or
   * when its newest batch timestamp is more than retentionMs before `now`.
   * Advances logStartOffset. Returns the number of segments deleted.
   */
  async applyRetention(now: number): Promise<number> {
    if (this.closed) return 0;
    const removed: Segment[] = [];
    while (this.segments.length > 1) {
      const seg = this.segments[0]!;
      const bySize = this.retentionBytes >= 0 && this.totalSize - seg.size >= this.retentionBytes;
      const byTime = this.retentionMs >= 0 && (seg.count === 0 || now - seg.maxTimestamp > this.retentionMs);
      if (!bySize && !byTime) break;
      this.segments.shift();
      this.totalSize -= seg.size;
      seg.retired = true;
      removed.push(seg);
    }
    if (removed.length === 0) return 0;
    const start = this.segments[0]!.baseOffset;
    for (const [pid, state] of this.producers) {
      if (state.lastOffset < start) this.producers.delete(pid);
    }
    if (this.dir !== null) {
      for (const seg of removed) {
        seg.closeWhenIdle = true;
        seg.unlinkWhenIdle = true;
        await this.releaseIfIdle(seg);
      }
    }
    return removed.length;
  }

  /** Waits for pending appends, fsyncs and closes the files. Later calls throw. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.draining) await this.draining;
    if (this.dir === null) return;
    const active = this.active;
    if (active.fh) await active.fh.sync().catch(() => undefined);
    for (const seg of this.segments) {
      seg.closeWhenIdle = true;
      await this.releaseIfIdle(seg);
    }
  }

  /** Closes the log and removes its files. */
  async delete(): Promise<void> {
    await this.close();
    this.segments = [new Segment(this.endOffset, null)];
    this.totalSize = 0;
    this.producers.clear();
    if (this.dir !== null) await rm(this.dir, { recursive: true, force: true });
  }

  /** Largest producerId this log holds producer state for; -1n if none. */
  maxProducerId(): bigint {
    let max = -1n;
    for (const pid of this.producers.keys()) if (pid > max) max = pid;
    return max;
  }

  /** fsyncs the active segment. */
  async flush(): Promise<void> {
    const fh = this.active.fh;
    if (fh && !this.closed) await fh.sync();
  }

  // ---------------------------------------------------------------- appends

  private appendInMemory(data: Buffer, views: BatchView[], now: number): AppendResult {
    const duplicateOf = this.checkProducers(views);
    if (duplicateOf >= 0) {
      return {
        baseOffset: BigInt(duplicateOf),
        logAppendTimeMs: -1n,
        logStartOffset: this.logStartOffset,
        duplicate: true,
      };
    }
    let seg = this.active;
    if (seg.count > 0 && seg.size + data.length > this.segmentBytes) {
      seg = new Segment(this.endOffset, null);
      this.segments.push(seg);
    }
    const baseOffset = this.assignOffset;
    this.assignOffset = this.assignOffsets(views, baseOffset);
    this.recordProducers(views, now, null);
    seg.chunks.push(data);
    seg.chunkStarts.push(seg.size);
    this.indexBatches(seg, views, data, seg.size);
    seg.size += data.length;
    seg.nextOffset = this.assignOffset;
    this.totalSize += data.length;
    this.endOffset = this.assignOffset;
    this.emitAppend();
    return { baseOffset: BigInt(baseOffset), logAppendTimeMs: -1n, logStartOffset: this.logStartOffset };
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const group = this.pending;
        this.pending = [];
        await this.appendGroup(group);
      }
    } finally {
      this.draining = null;
    }
  }

  /** Validates, assigns and writes a group of on-disk appends; see the class comment. */
  private async appendGroup(group: PendingAppend[]): Promise<void> {
    let staged: StagedAppend[] = [];
    let stagedBytes = 0;
    let undo = new Map<bigint, ProducerState | undefined>();

    const flush = (): void => {
      if (staged.length === 0) return;
      const items = staged;
      const bytes = stagedBytes;
      const previous = undo;
      staged = [];
      stagedBytes = 0;
      undo = new Map();
      const seg = this.active;
      if (bytes > 0) {
        const buffers: Buffer[] = [];
        for (const item of items) if (item.data) buffers.push(item.data);
        const fd = seg.fh!.fd;
        try {
          writeAllSync(fd, buffers, seg.size);
        } catch (err) {
          try {
            ftruncateSync(fd, seg.size);
          } catch {
            // the next recovery truncates a torn tail anyway
          }
          for (const [pid, state] of previous) {
            if (state) this.producers.set(pid, state);
            else this.producers.delete(pid);
          }
          this.assignOffset = this.endOffset;
          const error = new KafkaError(
            ErrorCode.UNKNOWN_SERVER_ERROR,
            `writing ${seg.file} failed: ${(err as Error).message}`,
            { cause: err },
          );
          for (const item of items) item.entry.reject(error);
          return;
        }
        let position = seg.size;
        for (const item of items) {
          if (!item.data) continue;
          this.indexBatches(seg, item.entry.views, item.data, position);
          position += item.data.length;
        }
        seg.size = position;
        seg.nextOffset = this.assignOffset;
        this.totalSize += bytes;
        this.endOffset = this.assignOffset;
      }
      const logStartOffset = this.logStartOffset;
      for (const item of items) {
        item.entry.resolve(
          item.data
            ? { baseOffset: BigInt(item.baseOffset), logAppendTimeMs: -1n, logStartOffset }
            : { baseOffset: BigInt(item.baseOffset), logAppendTimeMs: -1n, logStartOffset, duplicate: true },
        );
      }
      if (bytes > 0) this.emitAppend();
    };

    for (const entry of group) {
      try {
        const seg = this.active;
        if ((seg.count > 0 || stagedBytes > 0) && seg.size + stagedBytes + entry.data.length > this.segmentBytes) {
          flush();
          await this.roll();
        }
        const duplicateOf = this.checkProducers(entry.views);
        if (duplicateOf >= 0) {
          staged.push({ entry, data: null, baseOffset: duplicateOf });
          continue;
        }
        const baseOffset = this.assignOffset;
        this.assignOffset = this.assignOffsets(entry.views, baseOffset);
        this.recordProducers(entry.views, entry.now, undo);
        staged.push({ entry, data: entry.data, baseOffset });
        stagedBytes += entry.data.length;
      } catch (err) {
        entry.reject(err);
      }
    }
    flush();
  }

  /** Starts a new on-disk segment at the log end offset (nothing may be staged). */
  private async roll(): Promise<void> {
    const base = this.endOffset;
    const file = path.join(this.dir!, segmentFileName(base));
    const seg = new Segment(base, file);
    seg.fh = await open(file, 'w+');
    const previous = this.active;
    this.segments.push(seg);
    await this.releaseIfIdle(previous);
  }

  /** Stamps base offsets (and the leader epoch); returns the next offset. */
  private assignOffsets(views: BatchView[], baseOffset: number): number {
    let next = baseOffset;
    for (const view of views) {
      setBaseOffset(view.buffer, next);
      setPartitionLeaderEpoch(view.buffer, LEADER_EPOCH);
      next += view.lastOffsetDelta + 1;
    }
    return next;
  }

  private indexBatches(seg: Segment, views: BatchView[], data: Buffer, position: number): void {
    for (const view of views) {
      const b = view.buffer;
      seg.add(readInt64Number(b, 0), position + (b.byteOffset - data.byteOffset), readInt64Number(b, 35));
    }
  }

  private emitAppend(): void {
    if (this.listenerCount('append') === 0) return;
    try {
      this.emit('append');
    } catch {
      // a listener's failure must not fail the append
    }
  }

  // ------------------------------------------------------ producer state

  /**
   * Checks the idempotent-producer rules for the batches of one append against
   * the current state. Returns the original base offset when the append is a
   * retry of one of a producer's last 5 batches, else -1. Throws
   * INVALID_PRODUCER_EPOCH / OUT_OF_ORDER_SEQUENCE_NUMBER. Does not mutate.
   */
  private checkProducers(views: BatchView[]): number {
    let local: Map<bigint, { epoch: number; lastSeq: number }> | null = null;
    for (const view of views) {
      if (!view.hasProducerId) continue;
      const pid = view.producerId;
      const epoch = view.producerEpoch;
      const firstSeq = view.baseSequence;
      const lastSeq = view.lastSequence;
      const state = this.producers.get(pid);
      if (state && state.epoch === epoch) {
        for (const b of state.batches) {
          if (b.firstSeq === firstSeq && b.lastSeq === lastSeq) return b.baseOffset;
        }
      }
      const current =
        local?.get(pid) ??
        (state ? { epoch: state.epoch, lastSeq: state.batches[state.batches.length - 1]!.lastSeq } : undefined);
      if (current) {
        if (epoch < current.epoch) {
          throw new KafkaError(
            ErrorCode.INVALID_PRODUCER_EPOCH,
            `producer ${pid} epoch ${epoch} is older than the current epoch ${current.epoch}`,
          );
        }
        if (epoch > current.epoch) {
          if (firstSeq !== 0) {
            throw new KafkaError(
              ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
              `producer ${pid} new epoch ${epoch} must start at sequence 0, got ${firstSeq}`,
            );
          }
        } else if (!inSequence(current.lastSeq, firstSeq)) {
          throw new KafkaError(
            ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
            `producer ${pid} epoch ${epoch}: expected sequence ${incrementOne(current.lastSeq)}, got ${firstSeq}`,
          );
        }
      }
      if (local === null) local = new Map();
      local.set(pid, { epoch, lastSeq });
    }
    return -1;
  }

  /** Records appended (offset-stamped) batches in the producer state; `undo` keeps pre-images. */
  private recordProducers(views: BatchView[], now: number, undo: Map<bigint, ProducerState | undefined> | null): void {
    for (const view of views) {
      if (!view.hasProducerId) continue;
      const pid = view.producerId;
      if (undo && !undo.has(pid)) {
        const state = this.producers.get(pid);
        undo.set(pid, state ? { ...state, batches: [...state.batches] } : undefined);
      }
      const b = view.buffer;
      const baseOffset = readInt64Number(b, 0);
      this.recordProducerBatch(
        pid,
        view.producerEpoch,
        view.baseSequence,
        view.lastSequence,
        baseOffset,
        baseOffset + view.lastOffsetDelta,
        now,
      );
    }
  }

  private recordProducerBatch(
    pid: bigint,
    epoch: number,
    firstSeq: number,
    lastSeq: number,
    baseOffset: number,
    lastOffset: number,
    now: number,
  ): void {
    let state = this.producers.get(pid);
    if (!state) {
      state = { epoch, batches: [], lastOffset, lastAppendMs: now };
      this.producers.set(pid, state);
    } else if (state.epoch !== epoch) {
      state.epoch = epoch;
      state.batches = [];
    }
    state.batches.push({ firstSeq, lastSeq, baseOffset });
    if (state.batches.length > PRODUCER_BATCHES_RETAINED) state.batches.shift();
    state.lastOffset = lastOffset;
    state.lastAppendMs = now;
  }

  // ---------------------------------------------------------------- reads

  private segmentIndexOf(offset: number): number {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (segs[mid]!.baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** One stored batch, or null when its segment was removed by retention. */
  private async readBatch(seg: Segment, i: number): Promise<BatchView | null> {
    const from = seg.positions[i]!;
    const to = from + seg.batchSize(i);
    if (this.dir === null) {
      const out: Buffer[] = [];
      seg.slice(from, to, out);
      return new BatchView(out.length === 1 ? out[0]! : Buffer.concat(out));
    }
    if (seg.retired) return null;
    this.pin(seg);
    try {
      return new BatchView(await this.readRange(seg, from, to));
    } finally {
      this.unpin(seg);
    }
  }

  private pin(seg: Segment): void {
    if (seg.retired && seg.fh === null && seg.pins === 0) {
      throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE, `segment ${seg.baseOffset} was removed by retention`);
    }
    seg.pins++;
  }

  private unpin(seg: Segment): void {
    seg.pins--;
    if (seg.pins === 0) void this.releaseIfIdle(seg);
  }

  /** Closes (and unlinks) a segment's file once no read uses it, unless it is the active one. */
  private async releaseIfIdle(seg: Segment): Promise<void> {
    if (seg.pins > 0) return;
    if (seg === this.active && !seg.closeWhenIdle) return;
    const fh = seg.fh;
    seg.fh = null;
    if (fh) await fh.close().catch(() => undefined);
    if (seg.unlinkWhenIdle && seg.file) {
      seg.unlinkWhenIdle = false;
      await unlink(seg.file).catch(() => undefined);
    }
  }

  private async readRange(seg: Segment, from: number, to: number): Promise<Buffer> {
    let fh = seg.fh;
    if (!fh) {
      if (!seg.opening) {
        seg.opening = open(seg.file!, 'r').then(
          (h) => {
            seg.fh = h;
            seg.opening = null;
            return h;
          },
          (err) => {
            seg.opening = null;
            throw err;
          },
        );
      }
      fh = await seg.opening;
    }
    const length = to - from;
    const buf = Buffer.allocUnsafe(length);
    const got = await readFully(fh, buf, length, from);
    if (got !== length) {
      throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `${seg.file} is shorter than its index (${from + got} < ${to})`);
    }
    return buf;
  }

  // ------------------------------------------------------------- recovery

  /**
   * Rebuilds the index and producer state from the segment files. A batch
   * that is cut short, fails its CRC or breaks offset continuity ends the log:
   * its segment is truncated there and any later segment file is deleted
   * (Kafka's recovery does the same).
   */
  private async recover(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const names = (await readdir(dir)).filter((n) => SEGMENT_FILE.test(n)).sort();
    let expected: number | null = null;
    let stop = false;
    for (const name of names) {
      const file = path.join(dir, name);
      const base = Number(name.slice(0, 20));
      if (stop || (expected !== null && base !== expected)) {
        stop = true;
        await unlink(file).catch(() => undefined);
        continue;
      }
      const seg: Segment = new Segment(base, file);
      const fh = await open(file, 'r+');
      try {
        const { size } = await fh.stat();
        const valid = await this.scanSegment(seg, fh, size);
        if (valid < size) {
          await fh.truncate(valid);
          stop = true;
        }
      } finally {
        await fh.close();
      }
      this.segments.push(seg);
      this.totalSize += seg.size;
      expected = seg.nextOffset;
    }
    // Drop empty segments that are not the last one (a crash between roll and write).
    for (let k = this.segments.length - 2; k >= 0; k--) {
      const seg = this.segments[k]!;
      if (seg.count === 0) {
        this.segments.splice(k, 1);
        await unlink(seg.file!).catch(() => undefined);
      }
    }
    if (this.segments.length === 0) {
      const seg = new Segment(0, path.join(dir, segmentFileName(0)));
      seg.fh = await open(seg.file!, 'w+');
      this.segments.push(seg);
    } else {
      const seg = this.active;
      seg.fh = await open(seg.file!, 'r+');
    }
    this.endOffset = this.active.nextOffset;
    this.assignOffset = this.endOffset;
  }

  /** Indexes the valid batches of one segment file; returns the valid byte length. */
  private async scanSegment(seg: Segment, fh: FileHandle, fileSize: number): Promise<number> {
    let buf = Buffer.allocUnsafe(Math.min(RECOVERY_READ_BYTES, Math.max(fileSize, BATCH_HEADER_SIZE)));
    let bufPos = 0;
    let bufLen = 0;
    const ensure = async (pos: number, need: number): Promise<boolean> => {
      if (pos >= bufPos && pos + need <= bufPos + bufLen) return true;
      if (buf.length < need) buf = Buffer.allocUnsafe(need);
      bufPos = pos;
      bufLen = await readFully(fh, buf, Math.min(buf.length, fileSize - pos), pos);
      return need <= bufLen;
    };
    let pos = 0;
    let next = seg.baseOffset;
    while (pos < fileSize) {
      const left = fileSize - pos;
      if (left < BATCH_HEADER_SIZE || !(await ensure(pos, BATCH_HEADER_SIZE))) break;
      const size = LOG_OVERHEAD + buf.readInt32BE(pos - bufPos + 8);
      if (size < BATCH_HEADER_SIZE || size > left || !(await ensure(pos, size))) break;
      const at = pos - bufPos;
      if (typeof checkBatchAt(buf, at, at + size) !== 'number') break;
      const view = new BatchView(buf.subarray(at, at + size));
      const base = readInt64Number(buf, at);
      const lastOffsetDelta = view.lastOffsetDelta;
      if (base !== next || lastOffsetDelta < 0) break;
      seg.add(base, pos, view.maxTimestampMs);
      next = base + lastOffsetDelta + 1;
      if (view.hasProducerId) {
        this.recordProducerBatch(
          view.producerId,
          view.producerEpoch,
          view.baseSequence,
          view.lastSequence,
          base,
          next - 1,
          0,
        );
      }
      pos += size;
    }
    seg.size = pos;
    seg.nextOffset = next;
    return pos;
  }

  private assertOpen(): void {
    if (this.closed) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'partition log is closed');
  }
}

function incrementOne(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}
