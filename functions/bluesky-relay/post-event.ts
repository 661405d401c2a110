/**
 * One Jetstream message → what the relay does with it. Pure.
 *
 * Jetstream commit event (github.com/bluesky-social/jetstream, README "Example events"):
 *
 *   { "did": "did:plc:…", "time_us": 1725911162329308, "kind": "commit",
 *     "commit": { "rev": "…", "operation": "create", "collection": "app.bsky.feed.post",
 *                 "rkey": "3l3qo2vutsw2b", "cid": "bafy…",
 *                 "record": { "$type": "app.bsky.feed.post", "text": "…", "langs": ["en"],
 *                             "createdAt": "2024-09-09T19:46:02.102Z" } } }
 *
 * - `position`: the message moves the cursor (`time_us`) but is not a post creation
 *   (identity and account events, updates, deletes, other collections) or holds no text.
 * - `unmatched`: a post no keyword matches.
 * - `relay`: a matching post, as feedback `{ id: at://<did>/app.bsky.feed.post/<rkey>,
 *   source: "bluesky", text, ts: createdAt (else time_us), author: did, url: bsky.app link }`.
 * - `reject`: untrusted input that fails a check (size, UTF-8, JSON, field shapes) and, for
 *   matching posts, feedback validation; dead-lettered with the reason. `timeUs` is kept when
 *   it could be read, so the cursor still moves past it.
 */

import { DeadLetterReason } from '../lib/dead-letter/index.js';
import { feedbackProblem, isWellFormedText, validateFeedback } from '../lib/feedback/index.js';
import type { OutgoingRecord } from '../lib/kafka-producer/index.js';
import { parseRfc3339 } from '../lib/time/index.js';
import { MAX_MESSAGE_BYTES, POST_COLLECTION } from './config.js';
import type { KeywordMatcher } from './keywords.js';

/** The feedback source the relay writes. */
export const BLUESKY_SOURCE = 'bluesky';

/** DIDs as the atproto spec allows them (method, then a method-specific id), bounded. */
const DID = /^did:[a-z]+:[A-Za-z0-9._:%-]{1,512}$/;
/** Record keys (atproto "Record Key" syntax), bounded. */
const RKEY = /^[A-Za-z0-9._~:-]{1,512}$/;
/** A plausible `time_us`: after 2020 and before 2100, in microseconds. */
const MIN_TIME_US = 1_577_836_800_000_000;
const MAX_TIME_US = 4_102_444_800_000_000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type PostEventDecision =
  | { kind: 'position'; timeUs: number }
  | { kind: 'unmatched'; timeUs: number }
  | { kind: 'relay'; timeUs: number; uri: string; keyword: string; record: OutgoingRecord }
  | { kind: 'reject'; timeUs: number | undefined; itemId: string | null; reason: DeadLetterReason; detail: string };

/** The at:// URI of a post. */
export function postUri(did: string, rkey: string): string {
  return `at://${did}/${POST_COLLECTION}/${rkey}`;
}

/** The bsky.app link of a post (the app resolves DIDs in profile links). */
export function postLink(did: string, rkey: string): string {
  return `https://bsky.app/profile/${did}/post/${rkey}`;
}

export function postEventDecision(message: Uint8Array, keywords: KeywordMatcher): PostEventDecision {
  const reject = (reason: DeadLetterReason, detail: string, timeUs?: number, itemId: string | null = null) =>
    ({ kind: 'reject', timeUs, itemId, reason, detail }) as const;
  if (message.byteLength > MAX_MESSAGE_BYTES) {
    return reject(DeadLetterReason.TOO_LARGE, `${message.byteLength} bytes, over the ${MAX_MESSAGE_BYTES} read`);
  }
  let text: string;
  try {
    text = utf8.decode(message);
  } catch {
    return reject(DeadLetterReason.INVALID, 'the message is not UTF-8');
  }
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    return reject(DeadLetterReason.INVALID, `the message is not JSON: ${(error as Error).message.slice(0, 200)}`);
  }
  if (!isObject(event)) return reject(DeadLetterReason.INVALID, 'the message is not a JSON object');
  const timeUs = event.time_us;
  if (typeof timeUs !== 'number' || !Number.isSafeInteger(timeUs) || timeUs < MIN_TIME_US || timeUs > MAX_TIME_US) {
    return reject(DeadLetterReason.INVALID, 'time_us must be an integer count of microseconds since 1970 (2020..2100)');
  }
  const commit = event.commit;
  if (event.kind !== 'commit' || !isObject(commit)) return { kind: 'position', timeUs };
  if (commit.collection !== POST_COLLECTION || commit.operation !== 'create') return { kind: 'position', timeUs };
  const { did } = event;
  const { rkey, record } = commit;
  if (typeof did !== 'string' || !DID.test(did)) return reject(DeadLetterReason.INVALID, 'did is not a DID', timeUs);
  if (typeof rkey !== 'string' || !RKEY.test(rkey)) {
    return reject(DeadLetterReason.INVALID, 'commit.rkey is not a record key', timeUs);
  }
  const uri = postUri(did, rkey);
  if (!isObject(record)) return reject(DeadLetterReason.INVALID, 'commit.record is missing', timeUs, uri);
  const postText = record.text;
  if (typeof postText !== 'string') return reject(DeadLetterReason.INVALID, 'record.text is not a string', timeUs, uri);
  if (!isWellFormedText(postText))
    return reject(DeadLetterReason.INVALID, 'record.text holds an unpaired surrogate', timeUs, uri);
  if (postText.trim() === '') return { kind: 'position', timeUs };
  const langs = Array.isArray(record.langs)
    ? record.langs.filter((l): l is string => typeof l === 'string').slice(0, 8)
    : [];
  const keyword = keywords.match(postText, langs);
  if (keyword === undefined) return { kind: 'unmatched', timeUs };
  const createdAt =
    typeof record.createdAt === 'string' && parseRfc3339(record.createdAt) !== undefined ? record.createdAt : undefined;
  const feedback = {
    id: uri,
    source: BLUESKY_SOURCE,
    text: postText,
    // createdAt is the client's clock; without a valid one, Jetstream's own receive time stands in.
    ts: createdAt ?? new Date(Math.floor(timeUs / 1000)).toISOString(),
    author: did,
    url: postLink(did, rkey),
  };
  const problem = feedbackProblem(feedback);
  if (problem) return reject(DeadLetterReason.INVALID, `${problem.field}: ${problem.message}`, timeUs, uri);
  return { kind: 'relay', timeUs, uri, keyword, record: { key: uri, value: validateFeedback(feedback) } };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
