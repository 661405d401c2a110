/** The metric a request names, compiled from its declaration, or 404 when none is declared. */

import type { MetricSpec } from '../../infra/pipeline/types.js';
import { type WindowMetric, windowMetric } from '../lib/windows/metric.js';
import { UnknownMetricError } from './errors.js';

export function metricNamed(metrics: Record<string, MetricSpec>, name: string | undefined): WindowMetric {
  // hasOwn: a path parameter such as "constructor" must not find Object.prototype's.
  const spec = name !== undefined && Object.hasOwn(metrics, name) ? metrics[name] : undefined;
  if (name === undefined || spec === undefined) throw new UnknownMetricError(name ?? '');
  // The query API reads watermarks and never computes one, so the source's partition count is moot.
  return windowMetric(name, spec, 0);
}
