import { InvalidKafkaEventError } from './errors.js';
import type { KafkaEvent } from './types.js';
import { forEachRecord, readEnvelope } from './validate.js';

/**
 * Throws `InvalidKafkaEventError` unless `event` is an MSK or self-managed Kafka event as
 * Lambda delivers it. The message names the first failing path, e.g.
 * `records["orders-0"][3].offset must be a non-negative integer, got -1`. Unknown extra
 * fields are allowed, so a field AWS adds later does not break every handler.
 */
export function assertKafkaEvent(event: unknown): asserts event is KafkaEvent {
  forEachRecord(readEnvelope(event), (_partition, _record, problem) => {
    if (problem !== undefined) throw new InvalidKafkaEventError(problem);
  });
}

/** True when `event` is an MSK or self-managed Kafka event that `assertKafkaEvent` accepts. */
export function isKafkaEvent(event: unknown): event is KafkaEvent {
  try {
    assertKafkaEvent(event);
    return true;
  } catch (error) {
    if (error instanceof InvalidKafkaEventError) return false;
    throw error;
  }
}
