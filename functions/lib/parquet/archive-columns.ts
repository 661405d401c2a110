import type { SchemaElement } from 'hyparquet';
import type { ArchiveRow } from './archive-row.js';

/** One column of the archive file: its Parquet schema and how a row fills it. */
export interface ArchiveColumn {
  /** Column name as Athena and DuckDB users see it. */
  readonly name: string;
  /** Parquet schema element: physical type, annotations, repetition. */
  readonly element: SchemaElement;
  /**
   * Whether to write min/max statistics. They let engines skip files and row
   * groups on coordinates and times; on free text they only cost bytes.
   */
  readonly statistics: boolean;
  /** The row's value for this column in the form the writer takes; throws a `TypeError` naming what is wrong. */
  readonly cell: (row: ArchiveRow) => unknown;
}

const INT32_MAX = 2 ** 31 - 1;
const INT64_MAX = 2n ** 63n - 1n;

const string = (name: string, repetition_type: 'REQUIRED' | 'OPTIONAL'): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
  repetition_type,
});

// Both annotations: the logical type for current readers, TIMESTAMP_MILLIS for
// older ones (Hive-era Athena tables read only converted types).
const timestampMillis = (name: string): SchemaElement => ({
  name,
  type: 'INT64',
  converted_type: 'TIMESTAMP_MILLIS',
  logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
  repetition_type: 'REQUIRED',
});

function text(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('must be a string');
  return value;
}

function epochMillis(value: unknown): number {
  if (!Number.isSafeInteger(value)) throw new TypeError('must be an integer count of milliseconds since the epoch');
  return value as number;
}

function headersJson(value: unknown): string {
  if (!Array.isArray(value)) throw new TypeError('must be an array of [name, value] pairs');
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new TypeError('must be an array of [name, value] string pairs');
    }
  }
  return JSON.stringify(value);
}

/** The archive schema, in file order: the one place a column is defined. */
export const ARCHIVE_COLUMNS: readonly ArchiveColumn[] = [
  {
    name: 'topic',
    element: string('topic', 'REQUIRED'),
    statistics: true,
    cell: (row) => {
      if (typeof row.topic !== 'string' || row.topic === '') throw new TypeError('must be a non-empty string');
      return row.topic;
    },
  },
  {
    name: 'partition',
    element: { name: 'partition', type: 'INT32', repetition_type: 'REQUIRED' },
    statistics: true,
    cell: (row) => {
      const p = row.partition;
      if (!Number.isInteger(p) || p < 0 || p > INT32_MAX) throw new TypeError('must be an integer in [0, 2^31)');
      return p;
    },
  },
  {
    name: 'offset',
    element: { name: 'offset', type: 'INT64', repetition_type: 'REQUIRED' },
    statistics: true,
    cell: (row) => {
      const o = row.offset;
      if (typeof o !== 'bigint' || o < 0n || o > INT64_MAX) throw new TypeError('must be a bigint in [0, 2^63)');
      return o;
    },
  },
  {
    name: 'timestamp',
    element: timestampMillis('timestamp'),
    statistics: true,
    cell: (row) => epochMillis(row.timestamp),
  },
  {
    name: 'key',
    element: string('key', 'OPTIONAL'),
    statistics: false,
    cell: (row) => (row.key === null ? null : text(row.key)),
  },
  { name: 'value', element: string('value', 'REQUIRED'), statistics: false, cell: (row) => text(row.value) },
  {
    name: 'headers',
    element: string('headers', 'REQUIRED'),
    statistics: false,
    cell: (row) => headersJson(row.headers),
  },
  {
    name: 'ingest_time',
    element: timestampMillis('ingest_time'),
    statistics: true,
    cell: (row) => epochMillis(row.ingestTime),
  },
];

/** The Parquet schema of an archive file: the root group, then one leaf per column. */
export const ARCHIVE_SCHEMA: readonly SchemaElement[] = [
  { name: 'root', num_children: ARCHIVE_COLUMNS.length },
  ...ARCHIVE_COLUMNS.map((c) => c.element),
];
