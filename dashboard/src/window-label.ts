/**
 * How windows are named on the page: in UTC, because windows are aligned to the epoch and the
 * API speaks UTC, so every viewer sees the same bounds the API returns.
 */

/** `HH:MM` of an ISO time, in UTC. */
export function utcTimeOfDay(iso: string): string {
  return new Date(iso).toISOString().slice(11, 16);
}

/** `HH:MM:SS` of a time, in UTC. */
export function utcClock(at: Date): string {
  return at.toISOString().slice(11, 19);
}

/** A window's bounds, e.g. `10:20–10:30 UTC`. */
export function windowLabel(window: { start: string; end: string }): string {
  return `${utcTimeOfDay(window.start)}–${utcTimeOfDay(window.end)} UTC`;
}

/** A window length in words, e.g. `1-minute`, `10-minute`, `1-hour`, `90-second`. */
export function windowSizeLabel(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}-hour`;
  if (seconds % 60 === 0) return `${seconds / 60}-minute`;
  return `${seconds}-second`;
}

/** Length of a window in seconds. */
export function windowSeconds(window: { start: string; end: string }): number {
  return Math.round((Date.parse(window.end) - Date.parse(window.start)) / 1000);
}
