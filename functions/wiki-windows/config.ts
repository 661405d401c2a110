/** The wiki-windows function's name in infra/pipeline.ts: its dead letters and metrics are filed under it. */
export const WIKI_WINDOWS_FUNCTION = 'wiki-windows';

/** Its trigger sets `reportBatchItemFailures` (infra/pipeline.ts; a test keeps the two in step). */
export const REPORT_BATCH_ITEM_FAILURES = true;
