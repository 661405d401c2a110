/** Why a record went to the dead-letter sink instead of being processed. */
export const DeadLetterReason = {
  /** The event source mapping delivered bytes the Kafka event codec could not decode (bad base64, offset, header). */
  UNDECODABLE: 'undecodable',
  /** The record decoded but its content is not what the function accepts (not UTF-8, not JSON, fails a schema). */
  INVALID: 'invalid',
  /** The record is larger than the function's per-record limit. */
  TOO_LARGE: 'too-large',
  /** The record's event time is behind the watermark: its window is already final. */
  LATE: 'late',
  /** The record's event time is further ahead of its ingestion than the metric allows (a clock or unit bug). */
  FUTURE: 'future',
  /** The domain step refused the record for a reason of its own. */
  PROCESSING_ERROR: 'processing-error',
} as const;
export type DeadLetterReason = (typeof DeadLetterReason)[keyof typeof DeadLetterReason];

/** Every reason, in declaration order (metrics dimensions, summaries). */
export const DEAD_LETTER_REASONS: readonly DeadLetterReason[] = Object.values(DeadLetterReason);
