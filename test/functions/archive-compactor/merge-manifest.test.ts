import { describe, expect, it } from 'vitest';
import { ArchiveCompactorError } from '../../../functions/archive-compactor/errors.js';
import {
  encodeManifest,
  type MergeManifest,
  parseManifest,
} from '../../../functions/archive-compactor/merge-manifest.js';

const MANIFEST: MergeManifest = {
  version: 1,
  partition: 'raw/topic=feedback/dt=2025-06-01/',
  inputs: [
    'raw/topic=feedback/dt=2025-06-01/part-0-1-5.parquet',
    'raw/topic=feedback/dt=2025-06-01/part-0-6-9.parquet',
  ],
  output: 'raw/topic=feedback/dt=2025-06-01/compacted-ab.parquet',
  plannedAt: '2025-06-02T12:00:00.000Z',
};

describe('merge manifest', () => {
  it('round-trips', () => {
    // Act / Assess
    expect(parseManifest(encodeManifest(MANIFEST), 'm')).toEqual(MANIFEST);
  });

  it.each([
    ['not JSON', '{'],
    ['another version', JSON.stringify({ ...MANIFEST, version: 2 })],
    ['no inputs', JSON.stringify({ ...MANIFEST, inputs: [] })],
    ['no output', JSON.stringify({ ...MANIFEST, output: undefined })],
    ['null', 'null'],
  ])('refuses %s', (_, text) => {
    // Act / Assess
    expect(() => parseManifest(text, 'compaction/manifests/x.json')).toThrow(ArchiveCompactorError);
  });
});
