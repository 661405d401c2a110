/**
 * The `#sensor-alerts` notification of a closed-day anomaly episode: once per (location's daily
 * PM10, episode), an episode being a run of daily flags of one kind, named by the day it began.
 * That names its outbox record, so a re-check, a replay or a second container posts nothing
 * new. The same channel, webhook and metadata event type as the hourly alerts
 * (functions/air-anomalies/alert-message.ts), with `span: "day"`. Pure.
 */

import { sensorAlertDraft } from '../air-anomalies/alert-message.js';
import type { NotificationDraft } from '../lib/notifications/index.js';
import { slackEscape } from '../lib/slack/index.js';
import type { DailyFlagItem } from './daily-flag-item.js';

/** The outbox id of a location's daily episode; never an hourly one's (`<location>|<pollutant>|<hour>`). */
export function dailyEpisodeId(flag: Pick<DailyFlagItem, 'location' | 'pollutant' | 'episodeStart'>): string {
  return `air-anomaly:${flag.location}|${flag.pollutant}|day|${flag.episodeStart.slice(0, 10)}`;
}

export function dailySensorAlert(flag: DailyFlagItem, channel: string): NotificationDraft {
  return sensorAlertDraft({
    feedbackId: dailyEpisodeId(flag),
    channel,
    headline: `:warning: Sensor ${slackEscape(flag.location)} ${flag.pollutant} daily mean: ${flag.kind} from ${flag.day} (score ${flag.score.toFixed(2)})`,
    reason: flag.reason,
    kept: 'Its flagged days are kept, and left out of the AQI, alerts and training.',
    payload: {
      location: flag.location,
      pollutant: flag.pollutant,
      span: flag.span,
      kind: flag.kind,
      day: flag.day,
      score: flag.score,
      value: flag.value,
      ...(flag.expected === null ? {} : { expected: flag.expected }),
    },
  });
}
