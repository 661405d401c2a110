/**
 * The Powertools Logger and Metrics every Kafka handler uses, configured once here.
 *
 * Environment (Powertools v2 names, read by Powertools itself):
 * - `POWERTOOLS_SERVICE_NAME`: service name of logs and the `service` metrics dimension;
 *   default the pipeline function name.
 * - `POWERTOOLS_LOG_LEVEL` (or `LOG_LEVEL`): default `INFO`. The local runtime sets `WARN`.
 *   On AWS, Lambda's advanced logging control (`AWS_LAMBDA_LOG_LEVEL`) wins over both.
 * - `POWERTOOLS_METRICS_DISABLED=true`: no EMF output at all (also implied by `POWERTOOLS_DEV`).
 * - `POWERTOOLS_METRICS_NAMESPACE`: default `tandem`.
 * No level or namespace is passed to the constructors where the environment should decide,
 * because Powertools lets constructor values win over the environment.
 *
 * Output is one JSON object per line: EMF documents and DEBUG/INFO logs on stdout, WARN/ERROR
 * logs on stderr (Powertools' own Console; on Lambda both streams reach CloudWatch Logs).
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace of every tandem metric unless `POWERTOOLS_METRICS_NAMESPACE` says otherwise. */
export const METRICS_NAMESPACE = 'tandem';

/** Service name: `POWERTOOLS_SERVICE_NAME`, else the pipeline function name. */
export function serviceName(functionName: string): string {
  return process.env.POWERTOOLS_SERVICE_NAME || functionName;
}

/** A JSON logger to stdout for a pipeline function. */
export function handlerLogger(functionName: string): Logger {
  return new Logger({ serviceName: serviceName(functionName) });
}

/** An EMF metrics buffer for a pipeline function, flushed by `logMetrics` at the end of each invoke. */
export function handlerMetrics(functionName: string): Metrics {
  return new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
    serviceName: serviceName(functionName),
  });
}
