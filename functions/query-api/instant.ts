/**
 * Instants as the API speaks them: RFC 3339 date-times (the ISO 8601 profile HTTP APIs use)
 * with a time zone on the way in, `Date.prototype.toISOString()` (UTC, milliseconds) on the
 * way out. A time without a zone would be read in the server's zone, so it is refused.
 */

import { parseRfc3339 } from '../lib/time/index.js';

/** Epoch ms of an RFC 3339 date-time with a time zone, or undefined when `text` is not one (or names no real day). */
export const parseInstant = parseRfc3339;

/** The response form of an instant. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
