/**
 * Counts the records each function dead-lettered from each topic, once each, although the
 * notices arrive at least once (a retried batch dead-letters its records again). A record's
 * coordinates are remembered only until its trigger commits past it: a committed record is not
 * delivered again in this run, so memory holds the records still in flight, never every record
 * dead-lettered over a long run.
 */
export interface DeadLetterTally {
  /** One dead-letter notice from a handler. */
  note(notice: DeadLetterCoordinates): void;
  /** Records `fn` dead-lettered from `topic` so far. */
  count(fn: string, topic: string): number;
  /** The same, by reason (the last reason noted for a record counts). */
  byReason(fn: string, topic: string): Record<string, number>;
  /**
   * The committed offsets of the trigger feeding `fn` from `topic`, keyed `topic-partition`
   * (as the mapping's stats are): coordinates below them are settled and forgotten.
   */
  settle(fn: string, topic: string, committed: Readonly<Record<string, number | null>>): void;
  /** Coordinates held in memory: the dead-lettered records not yet committed. */
  remembered(): number;
}

export interface DeadLetterCoordinates {
  function: string;
  topic: string;
  partition: number;
  /** Null when the dead letter is not tied to an offset. */
  offset: number | null;
  /** Why it was dead-lettered (absent: `unknown`). */
  reason?: string;
}

interface Tally {
  /** Dead letters below their partition's committed offset, by reason. */
  settled: Map<string, number>;
  /** Per partition: offsets dead-lettered at or above the committed offset, with their reason. */
  pending: Map<number, Map<number | null, string>>;
  /** Per partition: the committed offset; a notice below it echoes a record already settled. */
  floor: Map<number, number>;
}

export function deadLetterTally(): DeadLetterTally {
  const tallies = new Map<string, Tally>();
  const tallyOf = (fn: string, topic: string): Tally => {
    const key = `${fn}|${topic}`;
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = { settled: new Map(), pending: new Map(), floor: new Map() }));
    return tally;
  };
  const byReason = (fn: string, topic: string): Record<string, number> => {
    const tally = tallies.get(`${fn}|${topic}`);
    const out: Record<string, number> = {};
    if (!tally) return out;
    for (const [reason, n] of tally.settled) out[reason] = n;
    for (const offsets of tally.pending.values())
      for (const reason of offsets.values()) out[reason] = (out[reason] ?? 0) + 1;
    return out;
  };
  return {
    note(notice) {
      const tally = tallyOf(notice.function, notice.topic);
      if (notice.offset !== null && notice.offset < (tally.floor.get(notice.partition) ?? 0)) return;
      let offsets = tally.pending.get(notice.partition);
      if (!offsets) tally.pending.set(notice.partition, (offsets = new Map()));
      offsets.set(notice.offset, notice.reason ?? 'unknown');
    },
    count: (fn, topic) => Object.values(byReason(fn, topic)).reduce((a, b) => a + b, 0),
    byReason,
    remembered() {
      let n = 0;
      for (const tally of tallies.values()) for (const offsets of tally.pending.values()) n += offsets.size;
      return n;
    },
    settle(fn, topic, committed) {
      const tally = tallyOf(fn, topic);
      const prefix = `${topic}-`;
      for (const [key, offset] of Object.entries(committed)) {
        if (offset === null || !key.startsWith(prefix)) continue;
        const partition = Number(key.slice(prefix.length));
        if (offset <= (tally.floor.get(partition) ?? 0)) continue;
        tally.floor.set(partition, offset);
        const offsets = tally.pending.get(partition);
        if (!offsets) continue;
        for (const [o, reason] of offsets) {
          if (o === null || o >= offset) continue;
          offsets.delete(o);
          tally.settled.set(reason, (tally.settled.get(reason) ?? 0) + 1);
        }
      }
    },
  };
}
