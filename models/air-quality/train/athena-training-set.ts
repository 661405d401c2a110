/**
 * The training-set query (training-set-sql.ts) run by Amazon Athena over the archive's Glue
 * table (`<database>.raw_events`), the retrainer's path on AWS: the same query text as
 * DuckDB's, with the two relations as filters on `topic` (a partition key, so Athena reads
 * only those two topics' objects). The query is run by functions/lib/athena, as sentiment's.
 */

import { type ArchiveQueryOptions, archiveTopicRelation, runAthenaQuery } from '../../../functions/lib/athena/index.js';
import { type ArchivedDay, archivedDayOf, CHECKED_TOPIC, trainingSetQuery, WEATHER_TOPIC } from './training-set-sql.js';

/** The training-set query as Athena runs it. */
export function athenaTrainingSetQuery(database: string, table = 'raw_events'): string {
  return trainingSetQuery({
    checked: archiveTopicRelation(database, table, CHECKED_TOPIC),
    weather: archiveTopicRelation(database, table, WEATHER_TOPIC),
  });
}

/** Archived days through Athena, oldest first. */
export async function readArchivedDaysWithAthena(options: ArchiveQueryOptions): Promise<ArchivedDay[]> {
  const rows = await runAthenaQuery({ ...options, query: athenaTrainingSetQuery(options.database, options.table) });
  return rows.map(archivedDayOf);
}
