/**
 * How one feedback item is shown: its source as a readable label, its time in UTC, and a link
 * to the original only when that is a plain web address. Feedback comes from outside (X,
 * Bluesky, forms), so its URL is untrusted: a `javascript:` or `data:` link must never render.
 */

/** Labels of the sources the pipeline knows; any other source is shown as sent. */
const SOURCE_LABELS: Readonly<Record<string, string>> = {
  web: 'Web form',
  http: 'HTTP API',
  slack: 'Slack',
  x: 'X',
  twitter: 'X (Twitter)',
  bluesky: 'Bluesky',
};

/** A readable name for a feedback source, e.g. `bluesky` → `Bluesky`; unknown names as sent. */
export function sourceLabel(source: string): string {
  return Object.hasOwn(SOURCE_LABELS, source) ? (SOURCE_LABELS[source] as string) : source;
}

/** The URL as an absolute http(s) address, or undefined for anything else (relative, `javascript:`, junk). */
export function originalUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
}

/** When feedback was written, e.g. `2026-11-21 10:20 UTC`: the date too, since negative feedback can be days old. */
export function feedbackTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
