import { describe, expect, it } from 'vitest';
import {
  archivePartitionFields,
  archivePartitions,
  DEFAULT_PARTITION,
  escapePartitionValue,
} from '../../../functions/archiver/archive-partitions.js';
import { pipeline } from '../../../infra/pipeline.js';

describe('archivePartitionFields', () => {
  it('is server_name for wiki-changes and nothing for the other topics of pipeline.ts', () => {
    // Act
    const fields = archivePartitionFields(pipeline.topics);

    // Assess
    expect(fields).toEqual({ 'wiki-changes': ['server_name'] });
  });
});

describe('archivePartitions', () => {
  it('takes each field from the JSON value, in field order', () => {
    // Prepare
    const value = JSON.stringify({ wiki: 'enwiki', server_name: 'en.wikipedia.org', namespace: 0 });

    // Act
    const partitions = archivePartitions(['server_name', 'namespace', 'wiki'], value);

    // Assess
    expect(partitions).toEqual([
      { name: 'server_name', value: 'en.wikipedia.org' },
      { name: 'namespace', value: '0' },
      { name: 'wiki', value: 'enwiki' },
    ]);
  });

  it('puts a value it cannot use in the Hive default partition, never refusing the record', () => {
    // Prepare
    const values = [
      'not json',
      '{"server_name": ',
      '[{"server_name":"en.wikipedia.org"}]',
      'null',
      '"en.wikipedia.org"',
      '{}',
      '{"server_name":null}',
      '{"server_name":""}',
      '{"server_name":{"host":"en.wikipedia.org"}}',
      JSON.stringify({ server_name: 'x'.repeat(256) }),
    ];

    // Act
    const partitions = values.map((value) => archivePartitions(['server_name'], value)[0]!.value);

    // Assess
    expect(partitions).toEqual(values.map(() => DEFAULT_PARTITION));
  });

  it('reads a value that starts with a byte order mark, and keeps a 255-byte value', () => {
    // Prepare
    const long = 'é'.repeat(127);

    // Act
    const withBom = archivePartitions(['server_name'], '\uFEFF{"server_name":"de.wikipedia.org"}');
    const atLimit = archivePartitions(['server_name'], JSON.stringify({ server_name: `${long}a` }));

    // Assess
    expect(withBom).toEqual([{ name: 'server_name', value: 'de.wikipedia.org' }]);
    expect(atLimit[0]!.value).toBe(`${long}a`);
  });

  it('costs nothing for a topic without extra partitions', () => {
    // Act
    const partitions = archivePartitions([], 'not even json');

    // Assess
    expect(partitions).toEqual([]);
  });
});

describe('escapePartitionValue', () => {
  it('escapes what Hive escapes in a partition path, so a value never adds a path segment', () => {
    // Prepare
    const raw = 'a/b=c%d:e#f?g"h\'i*j\\k{l[m]n^o\u0001p\u007fq r.s-t_u☕';

    // Act
    const escaped = escapePartitionValue(raw);

    // Assess
    expect(escaped).toBe('a%2Fb%3Dc%25d%3Ae%23f%3Fg%22h%27i%2Aj%5Ck%7Bl%5Bm%5Dn%5Eo%01p%7Fq r.s-t_u☕');
    expect(decodeURIComponent(escaped)).toBe(raw);
  });
});
