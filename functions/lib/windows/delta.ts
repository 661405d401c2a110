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
}

/** A record to count under one metric: its key, event time and coordinates. */
export interface Contribution {
  metric: WindowMetric;
  key: string;
  eventTime: number;
  partition: number;
  offset: number;
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
    }
  }
  for (const delta of deltas.values()) {
    for (const [partition, offsets] of delta.offsets) {
      offsets.sort((a, b) => a - b);
      delta.offsets.set(
        partition,
        offsets.filter((o, i) => i === 0 || o !== offsets[i - 1]),
      );
    }
  }
  return [...deltas.values()];
}

/** Records a delta counts. */
export function deltaSize(delta: WindowDelta): number {
  let n = 0;
  for (const offsets of delta.offsets.values()) n += offsets.length;
  return n;
}
