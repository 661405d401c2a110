/**
 * Event-time window arithmetic. Windows are aligned to the epoch (start = k × slide), start
 * inclusive, end exclusive. Tumbling windows have slide = size; hopping windows slide < size,
 * so an event falls in ceil(size / slide) windows (fewer when size is not a multiple of slide).
 */

export interface WindowShape {
  sizeMs: number;
  slideMs: number;
}

/** Starts of every window containing event time `t` (epoch ms), oldest first. */
export function windowStartsOf(t: number, shape: WindowShape): number[] {
  const { sizeMs, slideMs } = shape;
  const last = Math.floor(t / slideMs) * slideMs;
  const starts: number[] = [];
  for (let start = last; start > t - sizeMs; start -= slideMs) starts.push(start);
  return starts.reverse();
}

/** Start of the newest window containing `t`. */
export function latestWindowStart(t: number, shape: WindowShape): number {
  return Math.floor(t / shape.slideMs) * shape.slideMs;
}

/** Start of the newest window that is final under `watermark` (its end <= watermark), if any. */
export function latestFinalWindowStart(watermark: number, shape: WindowShape): number {
  return Math.floor((watermark - shape.sizeMs) / shape.slideMs) * shape.slideMs;
}

/** Whether a window is final: the watermark has passed its end. */
export function isFinal(start: number, shape: WindowShape, watermark: number | undefined): boolean {
  return watermark !== undefined && start + shape.sizeMs <= watermark;
}
