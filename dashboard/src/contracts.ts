/**
 * The query API's response shapes the dashboard reads (functions/query-api), and guards that
 * check a parsed body has them before any of it reaches the page. Times are ISO 8601 strings.
 * Only the fields the dashboard uses are checked; others pass through unread.
 */

/** One event-time window of a metric. */
export interface WindowBounds {
  /** Window start, inclusive. */
  start: string;
  /** Window end, exclusive. */
  end: string;
  /** Whether the watermark has passed the end, so the counts will not change any more. */
  final: boolean;
}

/** One counted key and its count in a window. */
export interface KeyCount {
  key: string;
  count: number;
}

/** `GET /v1/top/{metric}?window=latest&n=N`. */
export interface TopResponse {
  metric: string;
  /** The window ranked, or null while the metric has counted nothing. */
  window: WindowBounds | null;
  /** The metric's watermark, or null before any record arrived. */
  watermark: string | null;
  /** Keys by count, largest first. */
  top: KeyCount[];
}

/** One window of `GET /v1/windows/{metric}` without a key: every key's count. */
export interface WindowCounts extends WindowBounds {
  /** Sum of all counts in the window. */
  total: number;
  /** Count per key. */
  counts: Record<string, number>;
  /** Set when the API returned only the largest counts of a window with very many keys. */
  truncated?: boolean;
}

/** `GET /v1/windows/{metric}` (default range: the last 24 windows). */
export interface WindowsResponse {
  metric: string;
  from: string;
  to: string;
  watermark: string | null;
  /** Windows oldest first. */
  windows: WindowCounts[];
}

/** One item of `GET /v1/feedback?band=…`. */
export interface FeedbackItem {
  id: string;
  /** Where it came from (`web`, `slack`, `x`, `bluesky`, …). */
  source: string;
  text: string;
  /** When it was written. */
  ts: string;
  score: number;
  band: string;
  author?: string;
  /** Link to the original post, when there is one; not checked here (see feedback-item.ts). */
  url?: string;
}

/** `GET /v1/feedback?band=…&limit=N`: newest first. */
export interface FeedbackResponse {
  band: string;
  items: FeedbackItem[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

function isWindowBounds(v: unknown): v is WindowBounds {
  return isObject(v) && isTime(v.start) && isTime(v.end) && typeof v.final === 'boolean';
}

export function isTopResponse(v: unknown): v is TopResponse {
  return (
    isObject(v) &&
    typeof v.metric === 'string' &&
    (v.window === null || isWindowBounds(v.window)) &&
    Array.isArray(v.top) &&
    v.top.every((e) => isObject(e) && typeof e.key === 'string' && isCount(e.count))
  );
}

export function isWindowsResponse(v: unknown): v is WindowsResponse {
  return isObject(v) && typeof v.metric === 'string' && Array.isArray(v.windows) && v.windows.every(isWindowCounts);
}

function isWindowCounts(v: unknown): v is WindowCounts {
  return isObject(v) && isWindowBounds(v) && isObject(v.counts) && Object.values(v.counts).every(isCount);
}

const isOptionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

function isFeedbackItem(v: unknown): v is FeedbackItem {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    typeof v.source === 'string' &&
    typeof v.text === 'string' &&
    isTime(v.ts) &&
    typeof v.score === 'number' &&
    typeof v.band === 'string' &&
    isOptionalString(v.author) &&
    isOptionalString(v.url)
  );
}

export function isFeedbackResponse(v: unknown): v is FeedbackResponse {
  return isObject(v) && typeof v.band === 'string' && Array.isArray(v.items) && v.items.every(isFeedbackItem);
}
