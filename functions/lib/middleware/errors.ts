import type { DeadLetterReason } from '../dead-letter/index.js';

/** Base class for every error raised by the Kafka handler middleware. */
export class KafkaHandlerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaHandlerError';
  }
}

/**
 * The invoke's event is not an MSK or self-managed Kafka event. No record in it can be
 * trusted or even placed, so the whole invoke fails: this is a wiring mistake (wrong
 * trigger, a test event), not a poison record.
 */
export class InvalidKafkaBatchError extends KafkaHandlerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidKafkaBatchError';
  }
}

/**
 * Thrown by a per-record domain function to refuse one record: `forEachRecord` and
 * `mapRecords` dead-letter it with `reason` and the message as detail, and carry on with
 * the batch. Anything else a domain function throws is treated as an infrastructure
 * failure and fails (or, with `reportBatchItemFailures`, retries) the record's partition.
 */
export class RecordRejectedError extends KafkaHandlerError {
  /** Why the record is refused; becomes the dead letter's reason. */
  readonly reason: DeadLetterReason;

  constructor(reason: DeadLetterReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RecordRejectedError';
    this.reason = reason;
  }
}

/**
 * The handler returned `batchItemFailures` that Lambda would not act on as meant: the
 * trigger does not report batch item failures (Lambda would ignore them and commit the
 * offsets, losing the records), or an item names a partition that is not in the batch
 * (Lambda would fail the whole batch). Thrown so the batch fails visibly instead.
 */
export class InvalidBatchResponseError extends KafkaHandlerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidBatchResponseError';
  }
}

/**
 * An invocation ran out of time: thrown `INVOCATION_TIMEOUT_EARLY_MS` before the function's
 * deadline so the onError middlewares (logs, metrics flush) still run, and set as the reason
 * of that invocation's abort signal. Named `TimeoutError`, as middy's own early timeout is.
 */
export class InvocationTimeoutError extends Error {
  constructor(remainingMs: number, options?: ErrorOptions) {
    super(`[AbortError]: the invocation timed out (${remainingMs} ms were left when it started)`, options);
    this.name = 'TimeoutError';
  }
}
