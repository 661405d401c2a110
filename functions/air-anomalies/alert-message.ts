/**
 * The `#sensor-alerts` notification of an anomaly episode: once per (sensor, episode), an
 * episode being a run of flags of one kind, named by the hour it began. That names its outbox
 * record (`feedbackId` is the outbox's partition key, whatever the notification is about), so
 * a replayed batch, a retry or a concurrent batch finds the record and posts nothing new.
 * Pure.
 */

import { idempotencyKey, type NotificationDraft, NotificationKind } from '../lib/notifications/index.js';
import { slackEscape } from '../lib/slack/index.js';
import type { AnomalyFlagItem } from './flag-item.js';

/** Slack metadata event type of sensor alerts. */
export const SENSOR_ALERT_EVENT_TYPE = 'tandem_sensor_anomaly';

/** The outbox id of a sensor's episode. */
export function episodeId(flag: Pick<AnomalyFlagItem, 'location' | 'pollutant' | 'episodeStart'>): string {
  return `air-anomaly:${flag.location}|${flag.pollutant}|${flag.episodeStart}`;
}

/**
 * A `#sensor-alerts` draft: the headline, the reason quoted and what happens to the flagged
 * data as its Slack text, the reason as its plain text, and the metadata every sensor alert
 * carries (the idempotency key of its outbox record first). The hourly alert below and the
 * closed-day one (functions/air-windows/daily-alert-message.ts) both build theirs here.
 */
export function sensorAlertDraft(alert: {
  feedbackId: string;
  channel: string;
  headline: string;
  reason: string;
  kept: string;
  payload: Record<string, unknown>;
}): NotificationDraft {
  const { feedbackId, channel } = alert;
  return {
    feedbackId,
    channel,
    kind: NotificationKind.SENSOR,
    text: alert.reason,
    message: {
      text: `${alert.headline}\n>${slackEscape(alert.reason)}\n${alert.kept}`,
      unfurl_links: false,
      unfurl_media: false,
      metadata: {
        event_type: SENSOR_ALERT_EVENT_TYPE,
        event_payload: { idempotency_key: idempotencyKey({ feedbackId, channel }), ...alert.payload },
      },
    },
  };
}

export function sensorAlert(flag: AnomalyFlagItem, channel: string): NotificationDraft {
  return sensorAlertDraft({
    feedbackId: episodeId(flag),
    channel,
    headline: `:warning: Sensor ${slackEscape(flag.location)} ${flag.pollutant}: ${flag.kind} from ${flag.hour} (score ${flag.score.toFixed(2)})`,
    reason: flag.reason,
    kept: 'Its flagged readings are kept, and left out of the AQI, alerts and training.',
    payload: {
      location: flag.location,
      pollutant: flag.pollutant,
      kind: flag.kind,
      hour: flag.hour,
      score: flag.score,
      value: flag.value,
      ...(flag.expected === null ? {} : { expected: flag.expected }),
    },
  });
}
