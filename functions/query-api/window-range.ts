/**
 * The windows `/v1/windows/{metric}` lists: every start on the metric's grid (multiples of the
 * slide) in [from, to). Without `to`, the range ends after the newest window (or now, before
 * any record); without `from`, it begins 24 slides before `to`.
 */

import { BadParameterError } from './errors.js';

/** Slides listed when `from` is not given. */
export const DEFAULT_WINDOWS = 24;

export interface WindowRangeRequest {
  /** Requested bounds, epoch ms, when given. */
  from?: number;
  to?: number;
  /** `to` when not given. */
  defaultTo: number;
  slideMs: number;
  /** Most windows the range may hold; beyond it the request is refused, naming `from`. */
  maxWindows: number;
}

export interface WindowRange {
  /** Bounds used, epoch ms: start inclusive, end exclusive. */
  from: number;
  to: number;
  /** Window starts in [from, to), oldest first. */
  starts: number[];
}

export function windowRange(request: WindowRangeRequest): WindowRange {
  const { slideMs, maxWindows } = request;
  const to = request.to ?? request.defaultTo;
  const from = request.from ?? to - DEFAULT_WINDOWS * slideMs;
  if (from >= to) {
    throw new BadParameterError(
      'from',
      `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`,
    );
  }
  const first = Math.ceil(from / slideMs) * slideMs;
  // Counted before any array is built: a range of years must not allocate its windows first.
  const windows = first < to ? Math.floor((to - 1 - first) / slideMs) + 1 : 0;
  if (windows > maxWindows) {
    throw new BadParameterError(
      'from',
      `from..to holds ${windows} windows of ${slideMs / 1000} s; at most ${maxWindows} can be listed at once`,
    );
  }
  const starts = Array.from({ length: windows }, (_, i) => first + i * slideMs);
  return { from, to, starts };
}
