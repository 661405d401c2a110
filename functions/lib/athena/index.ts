export { AthenaQueryError } from './errors.js';
export {
  type ArchiveQueryOptions,
  type AthenaQueryClient,
  type AthenaQueryOptions,
  type AthenaRow,
  archiveTopicRelation,
  runAthenaQuery,
} from './query.js';
