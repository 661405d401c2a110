/**
 * The label-store step over one batch of `feedback-labels`: records → validated label events
 * (refusals dead-lettered with their reason), then the latest label per feedback id stored
 * (store-labels.ts). A DynamoDB failure fails the batch: every write is idempotent to redo.
 */

import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { batchItemFailures, type KafkaDomainHandler, mapRecords } from '../lib/middleware/index.js';
import { labelEventOf } from './label-record.js';
import { labelItem } from './label-table.js';
import { type LabelStore, storeLatestLabels } from './store-labels.js';

export const LabelStoreMetricName = {
  STORED: 'LabelsStored',
  SUPERSEDED: 'LabelsSuperseded',
} as const;

export interface LabelBatchOptions {
  store: LabelStore;
  metrics: Metrics;
}

export function labelStoreBatch(options: LabelBatchOptions): KafkaDomainHandler {
  return async (batch, _context, { signal }) => {
    const { accepted, failed } = await mapRecords(batch, (record) => labelItem(labelEventOf(record), record));
    const { stored, superseded } = await storeLatestLabels(
      options.store,
      accepted.map((a) => a.result),
      { signal },
    );
    options.metrics.addMetric(LabelStoreMetricName.STORED, MetricUnit.Count, stored);
    options.metrics.addMetric(LabelStoreMetricName.SUPERSEDED, MetricUnit.Count, superseded);
    // Records before a failed one are stored; its partition resumes from it.
    return failed.length === 0 ? undefined : batchItemFailures(failed);
  };
}
