import type { WindowCounts } from './contracts.js';

/**
 * Sentiment bands of the feedback metric. Its keys are `<source>|<band>` (pipeline.ts,
 * `feedback-by-band-*`); the chart shows bands, so each window's keys are summed per band.
 */
export const BANDS = ['negative', 'neutral', 'positive'] as const;
export type Band = (typeof BANDS)[number];

/** Fixed colours, so a band reads the same in every window: red, grey, green. */
export const BAND_COLOURS: Record<Band, string> = {
  negative: '#c62828',
  neutral: '#8a8a8a',
  positive: '#2e7d32',
};

/** Counts of one window per band. */
export type BandTotals = Record<Band, number>;

const isBand = (v: string): v is Band => (BANDS as readonly string[]).includes(v);

/** Sums a window's per-key counts by the band after the key's last `|`; other keys are left out. */
export function bandTotals(counts: Record<string, number>): BandTotals {
  const totals: BandTotals = { negative: 0, neutral: 0, positive: 0 };
  for (const [key, count] of Object.entries(counts)) {
    const band = key.slice(key.lastIndexOf('|') + 1);
    if (isBand(band)) totals[band] += count;
  }
  return totals;
}

/** One bar of the stacked chart: a window and its band totals. */
export interface BandBar {
  start: string;
  end: string;
  final: boolean;
  totals: BandTotals;
}

/** Bars for the windows, oldest first. */
export function bandBars(windows: readonly WindowCounts[]): BandBar[] {
  return [...windows]
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
    .map((w) => ({ start: w.start, end: w.end, final: w.final, totals: bandTotals(w.counts) }));
}
