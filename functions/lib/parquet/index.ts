export { ARCHIVE_COLUMNS, ARCHIVE_SCHEMA, type ArchiveColumn } from './archive-columns.js';
export {
  ARCHIVE_DEFAULT_CODEC,
  ARCHIVE_SCHEMA_VERSION_KEY,
  type ArchiveCodec,
  type ArchiveEncodeOptions,
  encodeArchiveParquet,
  zstdAvailable,
} from './archive-encoder.js';
export { ARCHIVE_SCHEMA_VERSION, type ArchiveHeader, type ArchiveRow } from './archive-row.js';
export { archiveBytes, archiveText, BASE64_PREFIX } from './archive-text.js';
export { ArchiveEncodeError, ArchiveParquetError, EmptyArchiveBatchError, InvalidArchiveRowError } from './errors.js';
