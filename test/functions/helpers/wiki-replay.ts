import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The fixed replay file of wiki events (test/events/wiki/replay.jsonl, see generate.ts there)
 * and an independent, deliberately plain computation of what the window engine must produce
 * from it: no code shared with functions/lib/windows.
 */

export interface ReplayLine {
  phase: number;
  partition: number;
  /** Offset in its partition when the file is produced to an empty topic, in order. */
  offset: number;
  /** The event, or undefined for a malformed record (then `raw` holds its bytes). */
  value?: WikiEventLike;
  raw?: string;
}

export interface WikiEventLike {
  meta: { id: string; domain: string; dt: string };
  type: string;
  timestamp: number;
  user: string;
  server_name: string;
}

/**
 * The file's lines with offsets. `recent: true` moves every event time by whole hours so the
 * hour the file starts in lies six hours or so before now: the windows are then within their
 * retention (the query API treats expired windows as gone) and nothing else changes.
 */
export function replayLines(options: { recent?: boolean } = {}): ReplayLine[] {
  const lines = readLines();
  if (!options.recent) return lines;
  const HOUR = 3_600_000;
  const first = Math.min(...lines.flatMap((l) => (l.value ? [l.value.timestamp * 1000] : [])));
  const shiftMs = Math.floor((Date.now() - 6 * HOUR - first) / HOUR) * HOUR;
  return lines.map((l) => {
    if (!l.value) return l;
    const timestamp = l.value.timestamp + shiftMs / 1000;
    const dt = new Date(timestamp * 1000).toISOString();
    return { ...l, value: { ...l.value, timestamp, meta: { ...l.value.meta, dt } } };
  });
}

function readLines(): ReplayLine[] {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../events/wiki/replay.jsonl');
  const next = new Map<number, number>();
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const parsed = JSON.parse(line) as Omit<ReplayLine, 'offset'>;
      const offset = next.get(parsed.partition) ?? 0;
      next.set(parsed.partition, offset + 1);
      return { ...parsed, offset };
    });
}

/** The bytes a line is produced as. */
export function lineBytes(line: ReplayLine): Buffer {
  return Buffer.from(line.value ? JSON.stringify(line.value) : (line.raw as string));
}

export interface ReferenceResult {
  /** `${key}\u0000${windowStartMs}` → count, per metric. */
  counts: Map<string, Map<string, number>>;
  /** meta.id of every event late for the metrics (dead-lettered). */
  late: Set<string>;
  /** Malformed lines (dead-lettered as invalid). */
  invalid: number;
  /** Canary events (filtered by the trigger). */
  canaries: number;
  /** The watermark after the last phase, epoch ms. */
  watermark: number;
}

/**
 * Semantics, as the issue states them: 10-minute tumbling windows on the event's `timestamp`;
 * only `edit` and `new` changes count; the watermark during a phase is, over the partitions
 * that delivered events in earlier phases, the minimum of their newest event time, minus 10
 * minutes (and never lower than before); a counted event older than that watermark is late.
 */
export function reference(lines: readonly ReplayLine[]): ReferenceResult {
  const SIZE = 600_000;
  const LATENESS = 600_000;
  const metrics = { 'wiki-edits-by-user': 'user', 'wiki-edits-by-server': 'server_name' } as const;
  const counts = new Map<string, Map<string, number>>(Object.keys(metrics).map((m) => [m, new Map()]));
  const late = new Set<string>();
  const newest = new Map<number, number>();
  let watermark = Number.NEGATIVE_INFINITY;
  let invalid = 0;
  let canaries = 0;
  const phases = [...new Set(lines.map((l) => l.phase))].sort((a, b) => a - b);
  for (const phase of phases) {
    if (newest.size > 0) watermark = Math.max(watermark, Math.min(...newest.values()) - LATENESS);
    const delivered: ReplayLine[] = [];
    for (const line of lines.filter((l) => l.phase === phase)) {
      if (!line.value) {
        invalid++;
        continue;
      }
      if (line.value.meta.domain === 'canary') {
        canaries++;
        continue;
      }
      delivered.push(line);
      const t = line.value.timestamp * 1000;
      if (line.value.type !== 'edit' && line.value.type !== 'new') continue;
      if (t < watermark) {
        late.add(line.value.meta.id);
        continue;
      }
      const start = t - (t % SIZE);
      for (const [metric, field] of Object.entries(metrics)) {
        const byKey = counts.get(metric) as Map<string, number>;
        const id = `${line.value[field]}\u0000${start}`;
        byKey.set(id, (byKey.get(id) ?? 0) + 1);
      }
    }
    for (const line of delivered) {
      const t = (line.value as WikiEventLike).timestamp * 1000;
      newest.set(line.partition, Math.max(newest.get(line.partition) ?? t, t));
    }
  }
  watermark = Math.max(watermark, Math.min(...newest.values()) - LATENESS);
  return { counts, late, invalid, canaries, watermark };
}
