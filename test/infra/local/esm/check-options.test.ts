import { describe, expect, it } from 'vitest';
import { checkOptions } from '../../../../infra/local/esm/check-options.js';
import {
  EventSourceMapping,
  type EventSourceMappingOptions,
  MappingConfigError,
} from '../../../../infra/local/esm/index.js';
import { FilterPatternError } from '../../../../infra/pipeline/filter/index.js';
import type { TriggerSpec } from '../../../../infra/pipeline/types.js';
import { testTrigger } from './helpers/kafka.js';

function options(
  trigger: Partial<TriggerSpec> = {},
  rest: Partial<EventSourceMappingOptions> = {},
): EventSourceMappingOptions {
  return {
    trigger: testTrigger('air-quality', trigger),
    // Nothing listens here: validation must fail before any connection is tried.
    bootstrap: '127.0.0.1:1',
    functionName: 'f',
    timeoutSeconds: 3,
    memoryMb: 128,
    handler: async () => {},
    ...rest,
  };
}

describe('checkOptions', () => {
  it('accepts a valid trigger', () => {
    expect(() => checkOptions(options())).not.toThrow();
  });

  it.each([
    ['batchSize 0', options({ batchSize: 0 }), /batchSize must be 1\.\.10000/],
    ['batchSize 10001', options({ batchSize: 10_001 }), /batchSize/],
    ['a window over 300 s', options({ batchingWindowMs: 300_001 }), /batchingWindowMs/],
    ['AT_TIMESTAMP without a timestamp', options({ startingPosition: 'AT_TIMESTAMP' }), /startingPositionTimestamp/],
    [
      'a record age under 60 s',
      options({ retry: { maximumRetryAttempts: 1, maximumRecordAgeSeconds: 30, bisectBatchOnFunctionError: false } }),
      /maximumRecordAgeSeconds/,
    ],
    [
      'retries below -1',
      options({ retry: { maximumRetryAttempts: -2, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: false } }),
      /maximumRetryAttempts/,
    ],
    ['onFailure without a destination', options({ onFailure: { bucket: 'dead-letters' } }), /no destination/],
    ['a zero timeout', options({}, { timeoutSeconds: 0 }), /timeoutSeconds/],
    ['memory under 128 MB', options({}, { memoryMb: 64 }), /memoryMb/],
  ])('refuses %s', (_, input, message) => {
    expect(() => checkOptions(input)).toThrow(MappingConfigError);
    expect(() => checkOptions(input)).toThrow(message);
  });
});

describe('EventSourceMapping.start', () => {
  it('refuses a bad trigger before connecting', async () => {
    await expect(EventSourceMapping.start(options({ batchSize: 0 }))).rejects.toBeInstanceOf(MappingConfigError);
  });

  it('refuses FilterCriteria Lambda would reject before connecting', async () => {
    const bad = options({ filterCriteria: { Filters: [{ Pattern: '{"body": {"x": [1]}}' }] } });
    await expect(EventSourceMapping.start(bad)).rejects.toBeInstanceOf(FilterPatternError);
  });
});
