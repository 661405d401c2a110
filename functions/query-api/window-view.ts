/**
 * Which window a request means and how a response shows one: `{ start, end, final }` in
 * ISO-8601, final once the watermark has passed its end (functions/lib/windows/windows.ts).
 */

import { isFinal, latestFinalWindowStart, latestWindowStart, type WindowShape } from '../lib/windows/windows.js';
import { isoTime } from './instant.js';
import type { MetricState } from './metric-state.js';

export interface WindowView {
  /** Window start (inclusive). */
  start: string;
  /** Window end (exclusive). */
  end: string;
  /** Whether the watermark has passed the end: the counts will not change any more. */
  final: boolean;
}

export function windowView(start: number, shape: WindowShape, watermark: number | undefined): WindowView {
  return { start: isoTime(start), end: isoTime(start + shape.sizeMs), final: isFinal(start, shape, watermark) };
}

/** Start of the newest window holding the highest event time seen, if any record was seen. */
export function latestWindowOf(state: MetricState, shape: WindowShape): number | undefined {
  return state.maxEventTime === undefined ? undefined : latestWindowStart(state.maxEventTime, shape);
}

/** Start of the newest final window, if the watermark has passed the end of one. */
export function latestFinalWindowOf(state: MetricState, shape: WindowShape): number | undefined {
  return state.watermark === undefined ? undefined : latestFinalWindowStart(state.watermark, shape);
}
