/**
 * The `cursor` of `/v1/feedback`: the `by-band` GSI position after the last item returned
 * (`{ id, band, tsUtc }`: the table key and the index key), as base64url JSON. Opaque to clients,
 * but it comes back from them, so it is checked to be exactly such a key for the band asked
 * for before DynamoDB sees it.
 */

import type { ScoredFeedbackItem } from '../feedback-scorer/scored-feedback.js';
import { BadParameterError } from './errors.js';

/** Where a page of one band ends. */
export type FeedbackPosition = Pick<ScoredFeedbackItem, 'id' | 'band' | 'tsUtc'>;

/** Longer than any cursor this API hands out (ids are at most 200 characters). */
const MAX_CURSOR_CHARS = 2048;
const POSITION_FIELDS = ['band', 'id', 'tsUtc'];

export function encodeFeedbackCursor(position: FeedbackPosition): string {
  return Buffer.from(JSON.stringify({ id: position.id, band: position.band, tsUtc: position.tsUtc })).toString(
    'base64url',
  );
}

/** The position a cursor holds; throws `BadParameterError` (`cursor`) unless it is one of `band`. */
export function decodeFeedbackCursor(cursor: string, band: string): FeedbackPosition {
  const bad = (why: string) => new BadParameterError('cursor', `cursor is not one this API returned: ${why}`);
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad('not base64url');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('not a position');
  const fields = Object.entries(value);
  const valid =
    fields.length === POSITION_FIELDS.length &&
    fields.every(([name, v]) => POSITION_FIELDS.includes(name) && typeof v === 'string' && v.length > 0);
  if (!valid) throw bad('not a position');
  const position = value as FeedbackPosition;
  if (position.band !== band) throw bad(`it pages band ${JSON.stringify(position.band)}, not ${band}`);
  return position;
}
