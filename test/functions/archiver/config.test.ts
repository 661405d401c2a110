import { describe, expect, it } from 'vitest';
import {
  ARCHIVE_BUCKET_ENV,
  ARCHIVER_FUNCTION,
  archiveBucket,
  REPORT_BATCH_ITEM_FAILURES,
} from '../../../functions/archiver/config.js';
import { ArchiverConfigError } from '../../../functions/archiver/errors.js';
import { pipeline } from '../../../infra/pipeline.js';

describe('archiver configuration', () => {
  it('agrees with the pipeline declaration: handler path, buckets, and reportBatchItemFailures of every trigger', () => {
    // Prepare
    const declared = pipeline.functions[ARCHIVER_FUNCTION];
    const triggers = pipeline.triggers.filter((trigger) => trigger.function === ARCHIVER_FUNCTION);

    // Act
    const reports = new Set(triggers.map((trigger) => trigger.reportBatchItemFailures));

    // Assess
    expect(declared?.handler).toBe('functions/archiver/handler.ts');
    expect(declared?.buckets?.map((bucket) => bucket.name).sort()).toEqual(['archive', 'dead-letters']);
    expect(triggers.length).toBeGreaterThan(0);
    expect([...reports]).toEqual([REPORT_BATCH_ITEM_FAILURES]);
    expect(ARCHIVE_BUCKET_ENV).toBe('BUCKET_ARCHIVE');
  });

  it('refuses to start without its bucket', () => {
    // Prepare
    const env = {};

    // Act
    const read = () => archiveBucket(env);

    // Assess
    expect(read).toThrow(ArchiverConfigError);
    expect(read).toThrow('archiver needs BUCKET_ARCHIVE');
    expect(archiveBucket({ BUCKET_ARCHIVE: 'archive' })).toBe('archive');
  });
});
