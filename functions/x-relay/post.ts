/**
 * One post of a recent-search page → the feedback record produced to `feedback`, or why it is
 * dead-lettered. Pure.
 *
 * Relayed: an object with a post `id` (decimal string), a non-blank `text` that is well-formed
 * Unicode, a `created_at` date-time and, when present, a decimal `author_id`. The record is
 * keyed and identified by `x-<post id>`, so re-polling a post (a crashed run, an overlapping
 * page) produces the same feedback id, which the scorer stores and notifies once.
 */

import { DeadLetterReason } from '../lib/dead-letter/index.js';
import { feedbackProblem, isWellFormedText, MAX_FEEDBACK_BYTES, validateFeedback } from '../lib/feedback/index.js';
import type { OutgoingRecord } from '../lib/kafka-producer/index.js';
import { isPostId } from './search-page.js';

/** The feedback source the relay writes. */
export const X_SOURCE = 'x';

export type PostDecision =
  | { relay: true; id: string; record: OutgoingRecord }
  | {
      relay: false;
      /** The post id when one could be read. */
      postId: string | null;
      reason: DeadLetterReason;
      detail: string;
      /** The post as received, re-encoded (the page was parsed as a whole). */
      raw: Buffer;
    };

/** The feedback id of a post. */
export function xFeedbackId(postId: string): string {
  return `x-${postId}`;
}

export function xPostDecision(post: unknown, usernames: ReadonlyMap<string, string>): PostDecision {
  const raw = Buffer.from(JSON.stringify(post) ?? 'undefined', 'utf8');
  const p = typeof post === 'object' && post !== null && !Array.isArray(post) ? (post as Record<string, unknown>) : {};
  const postId = isPostId(p.id) ? p.id : null;
  const reject = (reason: DeadLetterReason, detail: string): PostDecision => ({
    relay: false,
    postId,
    reason,
    detail,
    raw,
  });
  if (raw.byteLength > MAX_FEEDBACK_BYTES) {
    return reject(DeadLetterReason.TOO_LARGE, `${raw.byteLength} bytes, over the ${MAX_FEEDBACK_BYTES} accepted`);
  }
  if (postId === null) return reject(DeadLetterReason.INVALID, 'id must be a post id (a decimal string)');
  if (typeof p.text !== 'string') return reject(DeadLetterReason.INVALID, 'text is required and must be a string');
  if (!isWellFormedText(p.text)) return reject(DeadLetterReason.INVALID, 'text holds an unpaired surrogate');
  if (p.author_id !== undefined && !isPostId(p.author_id)) {
    return reject(DeadLetterReason.INVALID, 'author_id must be a user id (a decimal string)');
  }
  const username = typeof p.author_id === 'string' ? usernames.get(p.author_id) : undefined;
  const feedback = {
    id: xFeedbackId(postId),
    source: X_SOURCE,
    text: p.text,
    ts: p.created_at,
    ...(username ? { author: `@${username}` } : typeof p.author_id === 'string' ? { author: p.author_id } : {}),
    url: username ? `https://x.com/${username}/status/${postId}` : `https://x.com/i/web/status/${postId}`,
  };
  const problem = feedbackProblem(feedback);
  if (problem)
    return reject(
      DeadLetterReason.INVALID,
      `${problem.field === 'ts' ? 'created_at' : problem.field}: ${problem.message}`,
    );
  return { relay: true, id: feedback.id, record: { key: feedback.id, value: validateFeedback(feedback) } };
}
