import { ARCHIVE_QUERY_ENV } from '../../infra/pipeline/names.js';
import { RetrainerConfigError } from './errors.js';

/** The retrainer's name in infra/pipeline.ts. */
export const RETRAINER_FUNCTION = 'retrainer';

/** Nightly at 03:00 UTC (issue 13): after the day's last hourly compaction, before the working day. */
export const RETRAIN_SCHEDULE = 'cron(0 3 * * ? *)';

/**
 * Time kept back from a model's Athena wait for what follows it (training, scoring, the registry
 * writes: seconds, bench/retrain-once.ts), so a query that queues too long fails that model,
 * counted and logged, instead of the invocation timing out mid-run.
 */
export const TRAINING_RESERVE_MS = 120_000;

/** Athena's own limit on the wait for one query, with time to spare (athena-training-set.ts's default). */
export const MAX_QUERY_WAIT_MS = 600_000;

/** Who publishes, in the registry pointer's history. */
export const RETRAINER_PUBLISHER = 'retrainer';

/** The archive as Athena sees it: set by the stack's archive binding (infra/aws). */
export interface ArchiveQuerySettings {
  /** Glue database of the archive table. */
  database: string;
  /** Table over every topic of the archive (`raw_events`). */
  table: string;
  /** Athena workgroup: its result location and limits apply. */
  workGroup: string;
}

/** The archive settings from the environment; throws `RetrainerConfigError` naming what is missing. */
export function archiveQuerySettings(env: NodeJS.ProcessEnv = process.env): ArchiveQuerySettings {
  const missing = Object.values(ARCHIVE_QUERY_ENV).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new RetrainerConfigError(`${RETRAINER_FUNCTION} needs ${missing.join(', ')}: the archive's Athena binding`);
  }
  return {
    database: env[ARCHIVE_QUERY_ENV.database] as string,
    table: env[ARCHIVE_QUERY_ENV.table] as string,
    workGroup: env[ARCHIVE_QUERY_ENV.workGroup] as string,
  };
}
