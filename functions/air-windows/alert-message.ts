/**
 * The Slack message of an air-quality alert, as an outbox draft (functions/lib/notifications).
 * Pure. Its outbox key is `air|<source>|<location>|<date>|<level>` in the table's `feedbackId`
 * (the outbox's partition key, named for its first user), so the outbox sends it once per
 * (source, location, day, level) however often a batch offers it; the key is in the message
 * metadata too.
 */

import { usAqiCategory } from '../lib/air-quality/index.js';
import { idempotencyKey, type NotificationDraft, NotificationKind } from '../lib/notifications/index.js';
import { slackEscape } from '../lib/slack/index.js';
import { type AirAlert, AlertSource } from './air-alerts.js';

/** Slack metadata event type of tandem's air-quality alerts. */
export const AIR_ALERT_EVENT_TYPE = 'tandem_air_quality_alert';

/** The outbox key of an alert. */
export function alertKey(alert: AirAlert): string {
  return `air|${alert.source}|${alert.location}|${alert.date}|${alert.level}`;
}

export function alertNotification(alert: AirAlert, channel: string): NotificationDraft {
  const key = alertKey(alert);
  const category = usAqiCategory(alert.usAqi).name;
  const where = `*${slackEscape(alert.location)}*`;
  const head =
    alert.source === AlertSource.NOW
      ? `:warning: Air quality in ${where} is *${category}* now (US AQI ${alert.usAqi}, NowCast, ${alert.hour?.slice(11, 16)} UTC).`
      : `:warning: Air quality in ${where} is forecast *${category}* for ${alert.date} (PM10 ${alert.pm10?.toFixed(0)} µg/m³, US AQI ${alert.usAqi}).`;
  const why =
    alert.reasons && alert.reasons.length > 0
      ? `\nWhy: ${alert.reasons.map((r) => slackEscape(r.text)).join('; ')}.`
      : '';
  return {
    feedbackId: key,
    channel,
    kind: NotificationKind.AIR_QUALITY,
    message: {
      text: `${head}\n*Riders:* ${slackEscape(alert.advice.text)} ${slackEscape(alert.advice.reason)}${why}`,
      unfurl_links: false,
      unfurl_media: false,
      metadata: {
        event_type: AIR_ALERT_EVENT_TYPE,
        event_payload: {
          idempotency_key: idempotencyKey({ feedbackId: key, channel }),
          source: alert.source,
          location: alert.location,
          date: alert.date,
          level: alert.level,
          us_aqi: alert.usAqi,
          mask: alert.advice.mask,
        },
      },
    },
  };
}
