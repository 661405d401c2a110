import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DecodedRecord } from '../../../../functions/lib/kafka-event/index.js';
import {
  forEachRecord,
  InvalidBatchResponseError,
  InvalidKafkaBatchError,
  kafkaHandler,
  RecordRejectedError,
} from '../../../../functions/lib/middleware/index.js';
import { mskEvent, sqsEvent } from '../../helpers/events.js';
import { memorySink } from '../../helpers/kafka-batch.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { type CapturedOutput, captureStdout } from '../../helpers/stdout.js';

/** A domain step that refuses records at offset 1042 as `invalid`. */
const refuse1042 = (record: DecodedRecord) => {
  if (record.offset === 1042) throw new RecordRejectedError('invalid', 'station "unknown" is not registered');
};

/** Metric values of the EMF documents, by metric name, with their dimension values. */
function metricValues(output: CapturedOutput): { name: string; value: unknown; dimensions: Record<string, unknown> }[] {
  return output.emf().flatMap((document) => {
    const aws = document._aws as {
      CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
    };
    return aws.CloudWatchMetrics.flatMap((directive) =>
      directive.Metrics.map((metric) => ({
        name: metric.Name,
        value: document[metric.Name],
        dimensions: Object.fromEntries(directive.Dimensions.flat().map((name) => [name, document[name]])),
      })),
    );
  });
}

describe('kafkaHandler', () => {
  let output: CapturedOutput | undefined;

  afterEach(() => {
    output?.restore();
    vi.unstubAllEnvs();
  });

  it('hands the domain step a decoded batch, dead-letters what it refuses, and logs and counts the batch', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const deadLetters = memorySink();
    output = captureStdout();
    const handler = kafkaHandler((batch) => forEachRecord(batch, refuse1042), {
      functionName: 'stations',
      deadLetters,
    });

    // Act
    const result = await handler(mskEvent(), lambdaContext('tandem-stations'));

    // Assess
    expect(result).toBeUndefined();
    expect(deadLetters.entries.map((entry) => [entry.offset, entry.reason])).toEqual([[1042, 'invalid']]);
    const summary = output.logs().find((line) => line.message === 'batch done');
    expect(summary).toMatchObject({
      level: 'INFO',
      service: 'stations',
      function_name: 'tandem-stations',
      function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      received: 5,
      processed: 4,
      deadLettered: 1,
      retried: 0,
    });
    const metrics = metricValues(output);
    expect(metrics).toEqual(
      expect.arrayContaining([
        { name: 'RecordsReceived', value: 5, dimensions: { service: 'stations' } },
        { name: 'RecordsProcessed', value: 4, dimensions: { service: 'stations' } },
        { name: 'RecordsDeadLettered', value: 1, dimensions: { service: 'stations' } },
        { name: 'RecordsRetried', value: 0, dimensions: { service: 'stations' } },
        { name: 'RecordsDeadLettered', value: 1, dimensions: { service: 'stations', reason: 'invalid' } },
      ]),
    );
    expect(
      output
        .emf()
        .every(
          (document) =>
            (document._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]!.Namespace ===
            'tandem',
        ),
    ).toBe(true);
  });

  it('fails the invoke with InvalidKafkaBatchError for an event that is not a Kafka event, counting it', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const domain = vi.fn();
    output = captureStdout();
    const handler = kafkaHandler(domain, { functionName: 'stations', deadLetters: memorySink() });

    // Act
    const result = handler(sqsEvent(), lambdaContext('tandem-stations'));

    // Assess
    await expect(result).rejects.toThrow(InvalidKafkaBatchError);
    expect(domain).not.toHaveBeenCalled();
    expect(metricValues(output)).toContainEqual({
      name: 'InvalidEvents',
      value: 1,
      dimensions: { service: 'stations' },
    });
    expect(output.logs().find((line) => line.level === 'ERROR')?.message).toBe(
      'invoke failed before its batch was read',
    );
  });

  it('lets an infrastructure error fail the invoke and counts the whole batch as retried', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    output = captureStdout();
    const handler = kafkaHandler(
      () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:8000');
      },
      { functionName: 'stations', deadLetters: memorySink() },
    );

    // Act
    const result = handler(mskEvent(), lambdaContext('tandem-stations'));

    // Assess
    await expect(result).rejects.toThrow('ECONNREFUSED');
    expect(metricValues(output)).toEqual(
      expect.arrayContaining([
        { name: 'RecordsReceived', value: 5, dimensions: { service: 'stations' } },
        { name: 'RecordsRetried', value: 5, dimensions: { service: 'stations' } },
      ]),
    );
  });

  it('fails the invoke when the domain step reports item failures its trigger would ignore', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    const handler = kafkaHandler(
      () => ({ batchItemFailures: [{ itemIdentifier: { partition: 'air-quality-0', offset: 1042 } }] }),
      { functionName: 'stations', deadLetters: memorySink() },
    );

    // Act
    const result = handler(mskEvent(), lambdaContext('tandem-stations'));

    // Assess
    await expect(result).rejects.toThrow(InvalidBatchResponseError);
  });

  it('returns the partial batch response when the trigger reports item failures', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    const response = { batchItemFailures: [{ itemIdentifier: { partition: 'air-quality-1', offset: 878 } }] };
    const handler = kafkaHandler(() => response, {
      functionName: 'stations',
      deadLetters: memorySink(),
      reportBatchItemFailures: true,
    });

    // Act
    const result = await handler(mskEvent(), lambdaContext('tandem-stations'));

    // Assess
    expect(result).toEqual(response);
  });

  it('takes its log level, service name and metrics switch from the Powertools environment variables', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'tandem-local');
    output = captureStdout();
    const handler = kafkaHandler(
      (batch) => {
        batch.logger.warn('odd batch');
        return forEachRecord(batch, refuse1042);
      },
      { functionName: 'stations', deadLetters: memorySink() },
    );

    // Act
    await handler(mskEvent(), lambdaContext('tandem-stations'));

    // Assess
    expect(output.emf()).toEqual([]);
    expect(output.logs().map((line) => [line.level, line.message, line.service])).toEqual([
      ['WARN', 'odd batch', 'tandem-local'],
    ]);
  });
});
