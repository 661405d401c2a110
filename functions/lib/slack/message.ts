/**
 * Slack message text. Slack's mrkdwn gives `&`, `<` and `>` control meanings (links,
 * mentions), so user text is escaped exactly as https://api.slack.com/reference/surfaces/formatting
 * asks, and cannot ping `@channel` or forge a link.
 */

/** Escapes `&`, `<`, `>` for Slack mrkdwn. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A `<url|label>` link, or the escaped label alone when there is no URL. */
export function slackLink(url: string | undefined, label: string): string {
  if (!url) return slackEscape(label);
  return `<${url.replace(/[|<>]/g, encodeURIComponent)}|${slackEscape(label).replace(/\|/g, '¦')}>`;
}
