/** Base class for every error raised by the Kafka event codec. */
export class KafkaEventError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaEventError';
  }
}

/**
 * The input is not an MSK or self-managed Kafka event as Lambda delivers it. The message
 * starts with the first failing path, e.g. `records["orders-0"][3].offset must be …`.
 */
export class InvalidKafkaEventError extends KafkaEventError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidKafkaEventError';
  }
}

/** `encodeKafkaEvent` was handed an envelope or record that would not make a valid event. */
export class KafkaEventEncodeError extends KafkaEventError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaEventEncodeError';
  }
}

/**
 * A decoded record does not hold what the caller asked for: no value (a tombstone),
 * bytes that are not UTF-8, text that is not JSON.
 */
export class KafkaRecordContentError extends KafkaEventError {
  /** The record's `topic-partition@offset`, for dead-lettering. */
  readonly coordinates: string;

  constructor(coordinates: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaRecordContentError';
    this.coordinates = coordinates;
  }
}
