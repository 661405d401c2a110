/**
 * Slack Events API payloads (https://api.slack.com/apis/events-api) → feedback. Pure.
 *
 * Only `event_callback` envelopes with a plain channel message (`event.type === "message"`, no
 * `subtype`, no `bot_id`) become feedback: edits, deletions, joins, bot posts (our own
 * notifications among them) are not feedback. The id is stable across Slack's retries of one
 * event (`slack-<event_id>`, else `slack-<channel>-<ts>`), so a retried delivery produces the
 * same id again, and the scorer keeps one item and sends one notification for it.
 */

import type { Feedback } from '../lib/feedback/index.js';

/** The envelope fields read here. */
export interface SlackEnvelope {
  type?: unknown;
  challenge?: unknown;
  event_id?: unknown;
  event?: {
    type?: unknown;
    subtype?: unknown;
    bot_id?: unknown;
    text?: unknown;
    user?: unknown;
    channel?: unknown;
    ts?: unknown;
  };
}

/** What to do with a verified request. */
export type SlackAction =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'feedback'; feedback: Record<string, unknown> }
  | { kind: 'ignore'; why: string };

export function slackAction(envelope: SlackEnvelope): SlackAction {
  if (envelope.type === 'url_verification') {
    return typeof envelope.challenge === 'string'
      ? { kind: 'challenge', challenge: envelope.challenge }
      : { kind: 'ignore', why: 'url_verification without a challenge' };
  }
  if (envelope.type !== 'event_callback') return { kind: 'ignore', why: `envelope type ${String(envelope.type)}` };
  const event = envelope.event;
  if (!event || event.type !== 'message') return { kind: 'ignore', why: `event type ${String(event?.type)}` };
  if (event.subtype !== undefined) return { kind: 'ignore', why: `message subtype ${String(event.subtype)}` };
  if (event.bot_id !== undefined) return { kind: 'ignore', why: 'bot message' };
  const ts = typeof event.ts === 'string' ? slackTsToIso(event.ts) : undefined;
  const channel = typeof event.channel === 'string' ? event.channel : undefined;
  const eventId = typeof envelope.event_id === 'string' && envelope.event_id !== '' ? envelope.event_id : undefined;
  const id = eventId ? `slack-${eventId}` : channel && event.ts ? `slack-${channel}-${String(event.ts)}` : undefined;
  // Left for the shared validator to refuse, naming the field, if anything is missing.
  const feedback: Partial<Record<keyof Feedback, unknown>> = {
    id,
    source: 'slack',
    text: event.text,
    ts: ts ?? event.ts,
    ...(typeof event.user === 'string' ? { author: event.user } : {}),
    ...(channel ? { channel } : {}),
  };
  return { kind: 'feedback', feedback };
}

/** Slack's `"1718703000.123456"` (seconds.microseconds) as ISO 8601 UTC; undefined when it is not one. */
export function slackTsToIso(ts: string): string | undefined {
  const m = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(ts);
  if (!m) return undefined;
  const ms = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
