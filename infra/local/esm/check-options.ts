import { StartingPosition } from '../../pipeline/types.js';
import { MappingConfigError } from './errors.js';
import type { EventSourceMappingOptions } from './types.js';

/**
 * Refuses options Lambda would not accept for an MSK event source mapping (CreateEventSourceMapping
 * limits), so a bad trigger fails at start instead of misbehaving later. One deliberate
 * loosening: `timeoutSeconds` may be fractional, so tests can exercise timeouts quickly.
 */
export function checkOptions(options: EventSourceMappingOptions): void {
  const { trigger } = options;
  const problems: string[] = [];
  const integerIn = (value: unknown, min: number, max: number) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

  if (typeof trigger.topic !== 'string' || trigger.topic.length === 0)
    problems.push('trigger.topic must be a topic name');
  if (!integerIn(trigger.batchSize, 1, 10_000))
    problems.push(`trigger.batchSize must be 1..10000, got ${trigger.batchSize}`);
  if (!integerIn(trigger.batchingWindowMs, 0, 300_000)) {
    problems.push(`trigger.batchingWindowMs must be 0..300000, got ${trigger.batchingWindowMs}`);
  }
  if (!Object.values(StartingPosition).includes(trigger.startingPosition)) {
    problems.push(`trigger.startingPosition must be one of ${Object.values(StartingPosition).join(', ')}`);
  }
  if (
    trigger.startingPosition === StartingPosition.AT_TIMESTAMP &&
    !(Number.isSafeInteger(trigger.startingPositionTimestamp) && (trigger.startingPositionTimestamp as number) >= 0)
  ) {
    problems.push('trigger.startingPositionTimestamp (epoch ms) is required with AT_TIMESTAMP');
  }
  if (trigger.retry) {
    const { maximumRetryAttempts, maximumRecordAgeSeconds, bisectBatchOnFunctionError } = trigger.retry;
    if (!integerIn(maximumRetryAttempts, -1, 10_000)) {
      problems.push(`trigger.retry.maximumRetryAttempts must be -1..10000, got ${maximumRetryAttempts}`);
    }
    if (maximumRecordAgeSeconds !== -1 && !integerIn(maximumRecordAgeSeconds, 60, 604_800)) {
      problems.push(`trigger.retry.maximumRecordAgeSeconds must be -1 or 60..604800, got ${maximumRecordAgeSeconds}`);
    }
    if (typeof bisectBatchOnFunctionError !== 'boolean') {
      problems.push('trigger.retry.bisectBatchOnFunctionError must be a boolean');
    }
  }
  if (trigger.onFailure && !options.destination) {
    problems.push(`trigger.onFailure names bucket "${trigger.onFailure.bucket}" but no destination was passed`);
  }
  if (!(Number.isFinite(options.timeoutSeconds) && options.timeoutSeconds > 0 && options.timeoutSeconds <= 900)) {
    problems.push(`timeoutSeconds must be in (0, 900], got ${options.timeoutSeconds}`);
  }
  if (!integerIn(options.memoryMb, 128, 10_240)) problems.push(`memoryMb must be 128..10240, got ${options.memoryMb}`);
  if (typeof options.bootstrap !== 'string' || options.bootstrap.length === 0) {
    problems.push('bootstrap must list the brokers');
  }
  const backoff = options.retryBackoffMs;
  if (backoff && !(backoff.initial >= 0 && backoff.max >= backoff.initial)) {
    problems.push('retryBackoffMs must have 0 <= initial <= max');
  }
  if (problems.length > 0) {
    throw new MappingConfigError(`trigger "${trigger.name}": ${problems.join('; ')}`, {
      cause: { package: 'infra/local/esm', data: { trigger: trigger.name } },
    });
  }
}
