/**
 * Webhook URLs from the `slack-webhooks` secret: JSON `{"negative": "https://hooks.slack.com/services/…",
 * "positive": "…"}`, one incoming webhook per channel (a webhook posts to the channel it was
 * created for). Read through the secrets cache, so a rotated URL is picked up within its TTL.
 */

import { getSecretJson } from '../secrets/index.js';
import type { NotificationKind } from './types.js';

/** Name of the secret in infra/pipeline.ts. */
export const SLACK_WEBHOOKS_SECRET = 'slack-webhooks';

/** The webhook URL for `kind`, or undefined when the secret has no such string. */
export async function slackWebhookUrl(kind: NotificationKind): Promise<string | undefined> {
  const urls = (await getSecretJson(SLACK_WEBHOOKS_SECRET)) as Record<string, unknown> | null;
  const url = typeof urls === 'object' && urls !== null ? urls[kind] : undefined;
  return typeof url === 'string' && url.length > 0 ? url : undefined;
}
