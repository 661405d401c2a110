/**
 * The Slack message of a digest page. Pure: the same sealed page and texts give the same
 * message on every attempt. The metadata carries every feedback id in it, so a reader of the
 * channel (or a test) can tell which feedback each message covers.
 */

import { slackEscape, slackLink } from '../slack/index.js';
import { commonPhrases } from './phrases.js';
import type { DigestRecord } from './types.js';

/** Slack metadata event type of tandem's feedback digests. */
export const DIGEST_EVENT_TYPE = 'tandem_feedback_digest';

/** The query API route that lists a band's feedback (functions/query-api/feedback-route.ts), and the most it returns a page. */
const FEEDBACK_ROUTE = '/v1/feedback';
const FEEDBACK_PAGE_LIMIT = 100;

export interface DigestMessageOptions {
  /** Posts a channel gets of its own per minute: the digest counts what came beyond them. */
  postsPerMinute: number;
  /** Base URL of the query API; empty gives the route as a path. */
  queryApiUrl: string;
  /** Texts of the page's feedback, by id (a missing text only leaves it out of the phrases). */
  texts: ReadonlyMap<string, string>;
}

export function digestMessage(digest: DigestRecord, options: DigestMessageOptions): Record<string, unknown> {
  const ids = [...digest.ids].sort();
  const band = digest.kind;
  const start = Date.parse(digest.intervalStart);
  const end = Date.parse(digest.intervalEnd);
  const phrases = commonPhrases(ids.flatMap((id) => options.texts.get(id) ?? []));
  const query = `${FEEDBACK_ROUTE}?band=${encodeURIComponent(band)}&limit=${FEEDBACK_PAGE_LIMIT}`;
  const link = options.queryApiUrl
    ? slackLink(`${options.queryApiUrl.replace(/\/+$/, '')}${query}`, `Read them in the query API`)
    : `Read them in the query API: \`GET ${query}\``;
  const icon = band === 'negative' ? ':rotating_light:' : ':tada:';
  const lines = [
    `${icon} *${ids.length} more ${band} feedback* in the ${duration(end - start)} ${clock(start)}–${clock(end)} UTC ` +
      `(${new Date(start).toISOString().slice(0, 10)}), beyond the ${options.postsPerMinute} a minute posted one by one.`,
    ...(phrases.length > 0
      ? [`Most common: ${phrases.map((p) => `“${slackEscape(p.phrase)}” (${p.count})`).join(', ')}`]
      : []),
    link,
  ];
  return {
    text: lines.join('\n'),
    unfurl_links: false,
    unfurl_media: false,
    metadata: {
      event_type: DIGEST_EVENT_TYPE,
      event_payload: {
        idempotency_key: digest.idempotencyKey,
        channel: digest.targetChannel,
        kind: digest.kind,
        interval_start: digest.intervalStart,
        interval_end: digest.intervalEnd,
        count: ids.length,
        feedback_ids: ids,
      },
    },
  };
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19).replace(/:00$/, '');
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}
