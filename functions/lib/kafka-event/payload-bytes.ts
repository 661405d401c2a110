import type { KafkaEvent } from './types.js';

/**
 * Lambda's limit on a synchronous invoke payload, in bytes ("6 MB"; Lambda refuses a
 * request larger than 6291456 bytes). The event source mapping never sends a larger batch.
 */
export const MAX_INVOKE_PAYLOAD_BYTES = 6_291_456;

/** The size of an event as an invoke payload: its JSON text in UTF-8 bytes. */
export function eventPayloadBytes(event: KafkaEvent): number {
  return Buffer.byteLength(JSON.stringify(event), 'utf8');
}
