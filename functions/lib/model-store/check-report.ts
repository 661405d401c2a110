/**
 * Logs and metrics of a live model's checks (namespace `tandem`, beside the handler's own):
 * a swap is logged at INFO, a refused model and a failed check at WARN with the reason, and
 * each of the three is counted, so an alarm can watch for a model that stopped updating.
 * A check that finds nothing new is logged at DEBUG only.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ModelCheck } from './live-model.js';
import type { PublishedModel } from './published-model.js';

/** Metric names of model checks. */
export const ModelMetric = {
  /** A new model version replaced the one in use. */
  SWAPPED: 'ModelSwapped',
  /** A published model was refused (it failed validation); the one in use stays. */
  REJECTED: 'ModelRejected',
  /** The published model could not be checked or read; the one in use stays. */
  CHECK_FAILED: 'ModelCheckFailed',
} as const;
export type ModelMetric = (typeof ModelMetric)[keyof typeof ModelMetric];

export interface ModelCheckReporterOptions {
  /** The function's logger (the one its middleware stack uses, so lines carry the Lambda context). */
  logger: Logger;
  /** The function's metrics buffer, flushed at the end of the invoke the check ran in. */
  metrics: Metrics;
}

/** An `onCheck` for `liveModel` that logs and counts what each check found. */
export function modelCheckReporter<M extends { readonly version: string | number }>(
  published: Pick<PublishedModel, 'name' | 'uri'>,
  { logger, metrics }: ModelCheckReporterOptions,
): (check: ModelCheck<M>) => void {
  const model = { model: published.name, uri: published.uri };
  return (check) => {
    switch (check.outcome) {
      case 'unchanged':
        logger.debug('published model unchanged', { ...model, version: String(check.current.version) });
        return;
      case 'swapped':
        metrics.addMetric(ModelMetric.SWAPPED, MetricUnit.Count, 1);
        logger.info('model swapped', { ...model, from: String(check.from.version), to: String(check.to.version) });
        return;
      case 'rejected':
        metrics.addMetric(ModelMetric.REJECTED, MetricUnit.Count, 1);
        logger.warn('published model refused; scoring goes on with the current one', {
          ...model,
          version: String(check.current.version),
          published: check.fingerprint,
          error: check.reason,
        });
        return;
      case 'failed':
        metrics.addMetric(ModelMetric.CHECK_FAILED, MetricUnit.Count, 1);
        logger.warn('checking the published model failed; scoring goes on with the current one', {
          ...model,
          version: String(check.current.version),
          error: check.error,
        });
        return;
    }
  };
}
