/**
 * Extra Hive partitions of a topic's archive, after `dt=` (`archivePartitionBy` of the topic in
 * infra/pipeline.ts): the value of a top-level field of the record's JSON value, so that
 * `raw/topic=wiki-changes/dt=2025-06-01/server_name=en.wikipedia.org/` holds one wiki's
 * changes of that day and a query on one wiki reads only its objects. Pure.
 *
 * The archive keeps every record it can hold, parseable or not. A record whose value is not
 * JSON, not an object, or lacks the field (or holds null, an object, an empty or over-long
 * string) goes to Hive's default partition, `__HIVE_DEFAULT_PARTITION__`, which Hive, Athena and
 * DuckDB all read back as NULL. Values are escaped as Hive escapes partition paths
 * (`FileUtils.escapePathName`: `%XX` for `/`, `=`, `%`, `:`, `#`, `?`, quotes, brackets, `^`,
 * `*`, `\`, `{`, DEL and control characters), so a value can never add a path segment.
 */

import type { TopicSpec } from '../../infra/pipeline/types.js';

/** Hive's partition for a missing value (`hive.exec.default.partition.name`). */
export const DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** Longest partition value kept, in UTF-8 bytes; longer ones go to the default partition. */
export const MAX_PARTITION_VALUE_BYTES = 255;

/** Extra partition fields per topic; a topic not listed has none. */
export type ArchivePartitionFields = Readonly<Record<string, readonly string[]>>;

/** One `name=value` segment of an object key. */
export interface ArchivePartition {
  /** Partition column (the field's name). */
  name: string;
  /** The escaped value, or `DEFAULT_PARTITION`. */
  value: string;
}

/** The extra partition fields of every topic that declares some. */
export function archivePartitionFields(topics: Readonly<Record<string, TopicSpec>>): ArchivePartitionFields {
  return Object.fromEntries(
    Object.entries(topics).flatMap(([topic, spec]) =>
      spec.archivePartitionBy?.length ? [[topic, [...spec.archivePartitionBy]]] : [],
    ),
  );
}

/** The partition segments of a record's value, one per field, in field order. */
export function archivePartitions(fields: readonly string[], value: string): ArchivePartition[] {
  if (fields.length === 0) return [];
  let parsed: unknown;
  try {
    // A leading BOM is archived as received, but JSON.parse would refuse it.
    parsed = JSON.parse(value.charCodeAt(0) === 0xfeff ? value.slice(1) : value);
  } catch {
    parsed = undefined;
  }
  const object = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
  return fields.map((name) => ({ name, value: partitionValue((object as Record<string, unknown>)[name]) }));
}

/** The escaped partition value of one field, or `DEFAULT_PARTITION`. */
export function partitionValue(field: unknown): string {
  const text =
    typeof field === 'string' ? field : typeof field === 'number' || typeof field === 'boolean' ? String(field) : '';
  if (text === '' || Buffer.byteLength(text, 'utf8') > MAX_PARTITION_VALUE_BYTES) return DEFAULT_PARTITION;
  return escapePartitionValue(text);
}

/** Printable characters Hive escapes in a partition path, besides control characters and DEL. */
const HIVE_ESCAPED = new Set(['"', '#', '%', "'", '*', '/', ':', '=', '?', '\\', '{', '[', ']', '^']);

/** Hive's `FileUtils.escapePathName`: characters a path segment must not hold, as `%XX`. */
export function escapePartitionValue(text: string): string {
  let escaped = '';
  for (const c of text) {
    const code = c.codePointAt(0) as number;
    escaped +=
      code < 0x20 || code === 0x7f || HIVE_ESCAPED.has(c) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : c;
  }
  return escaped;
}
