/**
 * The Slack message for scored feedback. Pure. User text is escaped and quoted; the message
 * metadata (https://api.slack.com/metadata) carries the idempotency key and the score, so a
 * reader of the channel, or an app, can dedupe and trace a post back to its feedback.
 *
 * The blocks show the same text with "Right" / "Wrong" buttons under it
 * (functions/lib/feedback-labels): a click labels the feedback through the Slack app's
 * interactivity URL. `text` stays as the notification's fallback (and the digest's reader).
 */

import { labelButtons } from '../lib/feedback-labels/index.js';
import {
  type FeedbackNotificationKind,
  idempotencyKey,
  type NotificationDraft,
  NotificationKind,
} from '../lib/notifications/index.js';
import { slackEscape, slackLink } from '../lib/slack/index.js';
import type { ScoredFeedbackItem } from './scored-feedback.js';

/** Characters of the text an outbox record keeps for a digest's common phrases. */
const DIGEST_TEXT_CHARS = 500;

/** Longest text of a section block (https://api.slack.com/reference/block-kit/blocks#section). */
export const SECTION_TEXT_CHARS = 3000;

/** Slack metadata event type of tandem's feedback notifications. */
export const NOTIFICATION_EVENT_TYPE = 'tandem_feedback_notification';

export function feedbackNotification(
  item: ScoredFeedbackItem,
  kind: FeedbackNotificationKind,
  channel: string,
): NotificationDraft {
  const key = idempotencyKey({ feedbackId: item.id, channel });
  const label = kind === NotificationKind.NEGATIVE ? ':rotating_light: Negative feedback' : ':tada: Positive feedback';
  const from = [
    `from *${slackEscape(item.source)}*`,
    ...(item.author ? [`by ${slackEscape(item.author)}`] : []),
    ...(item.channel ? [`in ${slackEscape(item.channel)}`] : []),
  ].join(' ');
  const quote = slackEscape(item.text)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
  const link = item.url ? `\n${slackLink(item.url, 'original')}` : '';
  const heading = `${label} (score ${item.score.toFixed(2)}) ${from}:\n`;
  const text = `${heading}${quote}${link}`;
  return {
    feedbackId: item.id,
    channel,
    kind,
    text: [...item.text].slice(0, DIGEST_TEXT_CHARS).join(''),
    message: {
      text,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              text.length <= SECTION_TEXT_CHARS
                ? text
                : `${heading}${quoteWithin(item.text, SECTION_TEXT_CHARS - heading.length - link.length)}${link}`,
          },
        },
        labelButtons(item.id, kind),
      ],
      unfurl_links: false,
      unfurl_media: false,
      metadata: {
        event_type: NOTIFICATION_EVENT_TYPE,
        event_payload: {
          idempotency_key: key,
          feedback_id: item.id,
          channel,
          kind,
          score: item.score,
          band: item.band,
          source: item.source,
          model_version: item.modelVersion,
          ts: item.ts,
        },
      },
    },
  };
}

/**
 * The escaped, quoted text cut to at most `budget` characters with an ellipsis, whole
 * characters and whole escapes only (a cut `&amp;` would show as text).
 */
function quoteWithin(text: string, budget: number): string {
  let out = '>';
  for (const char of text) {
    const piece = char === '\n' ? '\n>' : slackEscape(char);
    if (out.length + piece.length + 1 > budget) return `${out}…`;
    out += piece;
  }
  return out;
}
