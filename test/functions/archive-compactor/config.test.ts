import { describe, expect, it } from 'vitest';
import {
  compactorSettings,
  DEFAULT_SETTLE_SECONDS,
  DEFAULT_TARGET_BYTES,
} from '../../../functions/archive-compactor/config.js';
import { CompactorConfigError } from '../../../functions/archive-compactor/errors.js';

describe('compactorSettings', () => {
  it('takes the bucket and falls back to the defaults', () => {
    // Act
    const settings = compactorSettings({ BUCKET_ARCHIVE: 'archive' });

    // Assess
    expect(settings).toEqual({
      bucket: 'archive',
      settleMs: DEFAULT_SETTLE_SECONDS * 1000,
      targetBytes: DEFAULT_TARGET_BYTES,
    });
  });

  it('reads the settle time in seconds and the target in bytes', () => {
    // Act
    const settings = compactorSettings({
      BUCKET_ARCHIVE: 'archive',
      COMPACTION_SETTLE_SECONDS: '90',
      COMPACTION_TARGET_BYTES: '1000',
    });

    // Assess
    expect(settings).toMatchObject({ settleMs: 90_000, targetBytes: 1000 });
  });

  it.each([
    ['no bucket', {}],
    ['a settle time that is not a number', { BUCKET_ARCHIVE: 'a', COMPACTION_SETTLE_SECONDS: 'an hour' }],
    ['a negative target', { BUCKET_ARCHIVE: 'a', COMPACTION_TARGET_BYTES: '-1' }],
  ])('refuses %s', (_, env) => {
    // Act / Assess
    expect(() => compactorSettings(env)).toThrow(CompactorConfigError);
  });
});
