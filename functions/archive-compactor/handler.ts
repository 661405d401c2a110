/**
 * archive-compactor: on a schedule (infra/pipeline.ts, hourly), merges the archive's small
 * settled objects per Hive partition into large Parquet files (compact-archive.ts). The
 * scheduled event carries nothing it needs. A failed merge fails the invocation (the Errors
 * alarm) after the others ran; the next run finishes it.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { s3Client } from '../lib/aws/index.js';
import { handlerLogger, handlerMetrics, invocationHandler } from '../lib/middleware/index.js';
import { type CompactionReport, compactArchive } from './compact-archive.js';
import { ARCHIVE_COMPACTOR_FUNCTION, compactorSettings } from './config.js';

const settings = compactorSettings();
const logger = handlerLogger(ARCHIVE_COMPACTOR_FUNCTION);
const metrics = handlerMetrics(ARCHIVE_COMPACTOR_FUNCTION);
const s3 = s3Client();

export const handler = invocationHandler<unknown, CompactionReport>(async (_event, context) => {
  const report = await compactArchive({
    s3,
    ...settings,
    remainingMs: () => context.getRemainingTimeInMillis(),
    log: (message, data) => logger.info(message, data ?? {}),
  });
  metrics.addMetric('CompactionMerges', MetricUnit.Count, report.merged + report.resumed);
  metrics.addMetric('CompactionFilesDeleted', MetricUnit.Count, report.filesDeleted);
  metrics.addMetric('CompactionDuplicatesDropped', MetricUnit.Count, report.duplicatesDropped);
  logger.info('archive compaction run done', { ...report });
  return report;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
