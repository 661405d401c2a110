import { Logger } from '@aws-lambda-powertools/logger';
import type { DeadLetterEntry, DeadLetterSink } from '../../../functions/lib/dead-letter/index.js';
import {
  type KafkaBatch,
  type KafkaBatchState,
  kafkaBatch,
  kafkaBatchState,
} from '../../../functions/lib/middleware/index.js';
import { lambdaContext } from './lambda-context.js';

/** A dead-letter sink that keeps entries in memory (the S3 one is tested against s3rver). */
export interface MemorySink extends DeadLetterSink {
  /** Entries put, in order. */
  entries: DeadLetterEntry[];
}

export function memorySink(options: { failWith?: Error } = {}): MemorySink {
  const entries: DeadLetterEntry[] = [];
  return {
    entries,
    async put(entry) {
      if (options.failWith) throw options.failWith;
      entries.push(entry);
      return { bucket: 'memory', key: `${entry.topic}/${entry.partition}/${entry.offset}` };
    },
  };
}

/** A logger that prints nothing. */
export function silentLogger(): Logger {
  return new Logger({ serviceName: 'test', logLevel: 'SILENT' });
}

/** A middy-shaped request, as the middlewares see it. */
export interface TestRequest {
  event: unknown;
  context: ReturnType<typeof lambdaContext>;
  response: unknown;
  error: unknown;
  internal: Record<string, unknown>;
}

export function testRequest(event: unknown): TestRequest {
  return { event, context: lambdaContext('test'), response: undefined, error: undefined, internal: {} };
}

/** Runs `kafkaBatch`'s before phase on `event`, as middy would, and returns the batch it makes. */
export async function batchOf(
  event: unknown,
  options: { deadLetters: DeadLetterSink; reportBatchItemFailures?: boolean },
): Promise<{ batch: KafkaBatch; state: KafkaBatchState; request: TestRequest }> {
  const middleware = kafkaBatch({ functionName: 'test', logger: silentLogger(), ...options });
  const request = testRequest(event);
  // biome-ignore lint/suspicious/noExplicitAny: a hand-made request in place of middy's.
  await middleware.before!(request as any);
  return { batch: request.event as KafkaBatch, state: kafkaBatchState(request)!, request };
}
