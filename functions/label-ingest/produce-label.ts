/**
 * Producing one label event, shared by both label routes: validated once more by the shared
 * validator (so nothing the label-store would dead-letter is acknowledged), keyed by the
 * feedback id (all labels of an id share a partition, so offsets order them), and a broker
 * that does not acknowledge answered 503.
 */

import {
  FEEDBACK_LABELS_TOPIC,
  type FeedbackLabelEvent,
  LABEL_SCHEMA_VERSION,
  LabelValidationError,
  validateLabelEvent,
} from '../lib/feedback-labels/index.js';
import { HttpError } from '../lib/http/index.js';
import { KafkaProduceError, type OutgoingRecord } from '../lib/kafka-producer/index.js';

/** What both label routes need. */
export interface LabelIngestOptions {
  /** Produces records to a topic (default in the handler: the container's idempotent producer). */
  produce: (topic: string, records: readonly OutgoingRecord[]) => Promise<void>;
  /** Clock in epoch ms (default `Date.now`): the label's `ts`. */
  now?: () => number;
}

/** Produces the label; resolves to the event produced. */
export async function produceLabel(
  options: LabelIngestOptions,
  label: Omit<FeedbackLabelEvent, 'schemaVersion' | 'ts'>,
): Promise<FeedbackLabelEvent> {
  let event: FeedbackLabelEvent;
  try {
    event = validateLabelEvent({
      schemaVersion: LABEL_SCHEMA_VERSION,
      ...label,
      ts: new Date((options.now ?? Date.now)()).toISOString(),
    });
  } catch (error) {
    if (!(error instanceof LabelValidationError)) throw error;
    throw new HttpError(400, 'invalid_label', error.message, { field: error.field, cause: error });
  }
  try {
    await options.produce(FEEDBACK_LABELS_TOPIC, [
      { key: event.feedbackId, value: event, headers: { source: event.source } },
    ]);
  } catch (error) {
    if (!(error instanceof KafkaProduceError)) throw error;
    throw new HttpError(503, 'unavailable', 'the label could not be stored now; retry', { cause: error });
  }
  return event;
}
