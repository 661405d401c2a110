import { describe, expect, it } from 'vitest';
import { readBatchItemFailures } from '../../../../infra/local/esm/batch-item-failures.js';
import { BatchResponseError } from '../../../../infra/local/esm/errors.js';

const batch = new Map([
  ['air-quality-0', new Set([40, 41, 42, 43])],
  ['air-quality-1', new Set([7, 8])],
]);

const failure = (partition: unknown, offset: unknown) => ({ itemIdentifier: { partition, offset } });

describe('readBatchItemFailures', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['a null list', { batchItemFailures: null }],
    ['an empty list', { batchItemFailures: [] }],
  ])('treats %s as complete success', (_, response) => {
    expect(readBatchItemFailures(response, batch)).toEqual({ kind: 'success' });
  });

  it('resumes each reported partition from its lowest reported offset', () => {
    // Prepare
    const response = {
      batchItemFailures: [failure('air-quality-0', 43), failure('air-quality-0', 41), failure('air-quality-1', '8')],
    };

    // Act
    const verdict = readBatchItemFailures(response, batch);

    // Assess
    expect(verdict).toEqual({
      kind: 'partial',
      resumeFrom: new Map([
        ['air-quality-0', 41],
        ['air-quality-1', 8],
      ]),
    });
  });

  it('accepts offsets as numbers or strings of digits', () => {
    const verdict = readBatchItemFailures({ batchItemFailures: [failure('air-quality-0', '42')] }, batch);
    expect(verdict).toEqual({ kind: 'partial', resumeFrom: new Map([['air-quality-0', 42]]) });
  });

  it.each([
    ['a string response', 'ok'],
    ['an array response', []],
    ['batchItemFailures that is not a list', { batchItemFailures: { itemIdentifier: {} } }],
    ['an entry without itemIdentifier', { batchItemFailures: [{}] }],
    ['a string itemIdentifier', { batchItemFailures: [{ itemIdentifier: 'air-quality-0@42' }] }],
    ['a null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['an empty-string partition', { batchItemFailures: [failure('', 42)] }],
    ['a partition not in the batch', { batchItemFailures: [failure('air-quality-2', 42)] }],
    ['an offset not in the batch', { batchItemFailures: [failure('air-quality-0', 44)] }],
    ['a negative offset', { batchItemFailures: [failure('air-quality-0', -1)] }],
    ['a fractional offset', { batchItemFailures: [failure('air-quality-0', 41.5)] }],
    ['a non-numeric offset string', { batchItemFailures: [failure('air-quality-0', '4x')] }],
    ['a missing offset', { batchItemFailures: [{ itemIdentifier: { partition: 'air-quality-0' } }] }],
    ['a bigint offset', { batchItemFailures: [failure('air-quality-0', 42n)] }],
  ])('treats %s as a complete failure', (_, response) => {
    // Act
    const verdict = readBatchItemFailures(response, batch);

    // Assess
    expect(verdict.kind).toBe('invalid');
    if (verdict.kind === 'invalid') {
      expect(verdict.error).toBeInstanceOf(BatchResponseError);
      expect(verdict.error.message).toMatch(/^ReportBatchItemFailures: /);
    }
  });

  it('names the failing entry in the error', () => {
    const verdict = readBatchItemFailures(
      { batchItemFailures: [failure('air-quality-0', 41), failure('air-quality-0', 99)] },
      batch,
    );
    expect(verdict.kind === 'invalid' && verdict.error.message).toBe(
      'ReportBatchItemFailures: batchItemFailures[1].itemIdentifier.offset 99 is not a record of air-quality-0 in the batch',
    );
  });
});
