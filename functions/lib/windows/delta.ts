/**
 * What one batch adds to each window aggregate (pure). A batch's records are collapsed per
 * (metric, key, window) before anything is written, so the DynamoDB writes of a batch are
 * bounded by its distinct (key, window) pairs, not by its records.
 */

import type { WindowMetric } from './metric.js';
import { seriesOf } from './schema.js';
import { windowStartsOf } from './windows.js';

/** What a batch adds to one aggregate: the offsets of the records counted, per source partition. */
export interface WindowDelta {
  metric: WindowMetric;
  key: string;
  /** Window start, epoch ms. */
  start: number;
  /** Source partition → offsets counted, ascending and distinct. */
  offsets: Map<number, number[]>;
  /** For a metric with a numeric aggregate: source partition → the records' values, aligned with `offsets`. */
  values?: Map<number, number[]>;
}

/** A record to count under one metric: its key, event time and coordinates. */
export interface Contribution {
  metric: WindowMetric;
  key: string;
  eventTime: number;
  partition: number;
  offset: number;
  /** The record's value, for a metric with a numeric aggregate. */
  value?: number | undefined;
}

export function collapse(contributions: Iterable<Contribution>): WindowDelta[] {
  const deltas = new Map<string, WindowDelta>();
  for (const c of contributions) {
    for (const start of windowStartsOf(c.eventTime, c.metric.shape)) {
      const id = `${seriesOf(c.metric.name, c.key)}\u0000${start}`;
      let delta = deltas.get(id);
      if (delta === undefined) {
        delta = { metric: c.metric, key: c.key, start, offsets: new Map() };
        deltas.set(id, delta);
      }
      let offsets = delta.offsets.get(c.partition);
      if (offsets === undefined) delta.offsets.set(c.partition, (offsets = []));
      offsets.push(c.offset);
      if (c.value !== undefined) {
        delta.values ??= new Map();
        let values = delta.values.get(c.partition);
        if (values === undefined) delta.values.set(c.partition, (values = []));
        values.push(c.value);
      }
    }
  }
  for (const delta of deltas.values()) {
    for (const [partition, offsets] of delta.offsets) {
      const values = delta.values?.get(partition);
      // Sort offsets (and their values alongside), dropping a record delivered twice in one batch.
      const order = offsets.map((_, i) => i).sort((a, b) => (offsets[a] as number) - (offsets[b] as number));
      const kept = order.filter((i, j) => j === 0 || offsets[i] !== offsets[order[j - 1] as number]);
      delta.offsets.set(
        partition,
        kept.map((i) => offsets[i] as number),
      );
      if (values !== undefined)
        delta.values?.set(
          partition,
          kept.map((i) => values[i] as number),
        );
    }
  }
  return [...deltas.values()];
}

/** The part of a delta above `counted` (partition → highest offset already applied). */
export function deltaAbove(delta: WindowDelta, counted: (partition: number) => number | undefined): WindowDelta {
  const offsets = new Map<number, number[]>();
  const values = delta.values === undefined ? undefined : new Map<number, number[]>();
  for (const [partition, list] of delta.offsets) {
    const floor = counted(partition);
    const keep = list.map((o, i) => (floor === undefined || o > floor ? i : -1)).filter((i) => i >= 0);
    offsets.set(
      partition,
      keep.map((i) => list[i] as number),
    );
    const vs = delta.values?.get(partition);
    if (values !== undefined && vs !== undefined)
      values.set(
        partition,
        keep.map((i) => vs[i] as number),
      );
  }
  return { ...delta, offsets, ...(values === undefined ? {} : { values }) };
}

/** Sum, minimum and maximum of a delta's values; undefined for a plain count or an empty delta. */
export function deltaStats(delta: WindowDelta): { sum: number; min: number; max: number } | undefined {
  if (delta.values === undefined) return undefined;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const vs of delta.values.values()) {
    for (const v of vs) {
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min === Number.POSITIVE_INFINITY ? undefined : { sum, min, max };
}

/** Records a delta counts. */
export function deltaSize(delta: WindowDelta): number {
  let n = 0;
  for (const offsets of delta.offsets.values()) n += offsets.length;
  return n;
}
