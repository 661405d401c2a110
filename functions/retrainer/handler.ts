/**
 * retrainer: nightly (infra/pipeline.ts, `cron(0 3 * * ? *)`), runs every model of the table
 * (model-retrainers.ts): its training set by Athena over the archive, a candidate trained with
 * the model's own code, the gate beside the current version, the registry in the models bucket.
 * The scheduled event carries nothing it needs.
 *
 * Each model's decision is logged and counted (metrics.ts). A failed model fails neither the
 * others nor the invocation: a failed invocation would be retried whole by the scheduler and by
 * Lambda's asynchronous retries, retraining models that already decided; `RetrainFailed` has an
 * alarm of its own instead. Only a deployment without the archive binding fails the invocation.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Athena } from '@aws-sdk/client-athena';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AthenaQueryClient } from '../lib/athena/index.js';
import { s3Client } from '../lib/aws/index.js';
import { handlerLogger, handlerMetrics, invocationHandler } from '../lib/middleware/index.js';
import { registryObjectsOf } from '../lib/model-registry/index.js';
import {
  archiveQuerySettings,
  MAX_QUERY_WAIT_MS,
  RETRAINER_FUNCTION,
  RETRAINER_PUBLISHER,
  TRAINING_RESERVE_MS,
} from './config.js';
import { MODEL_DIMENSION, RetrainMetric } from './metrics.js';
import { MODEL_RETRAINERS, type ModelRetrainer } from './model-retrainers.js';
import { type ModelOutcome, retrainModels } from './retrain-models.js';

/** What an invocation returns: each model's outcome. */
export interface RetrainerReport {
  models: { model: string; outcome: ModelOutcome['outcome']; candidate?: string; error?: string }[];
}

export interface RetrainerHandlerOptions {
  /** The models to retrain (default: every entry of MODEL_RETRAINERS). */
  retrainers?: Readonly<Record<string, ModelRetrainer>>;
  /** Default: the SDK's Athena client (endpoint and region from the environment). */
  athena?: AthenaQueryClient;
  /** Default: the shared S3 client. */
  s3?: S3Client;
  env?: NodeJS.ProcessEnv;
  /** The run's time, naming candidate versions (default: now). */
  now?: () => Date;
}

const COUNTED = {
  published: RetrainMetric.PUBLISHED,
  rejected: RetrainMetric.REJECTED,
  failed: RetrainMetric.FAILED,
} as const;

export function retrainerHandler(options: RetrainerHandlerOptions = {}) {
  const retrainers = options.retrainers ?? MODEL_RETRAINERS;
  const env = options.env ?? process.env;
  const logger = handlerLogger(RETRAINER_FUNCTION);
  const metrics = handlerMetrics(RETRAINER_FUNCTION);
  const athena = options.athena ?? new Athena({});
  const s3 = options.s3 ?? s3Client();

  const record = (o: ModelOutcome): void => {
    for (const [outcome, name] of Object.entries(COUNTED)) {
      metrics
        .singleMetric()
        .addDimension(MODEL_DIMENSION, o.model)
        .addMetric(name, MetricUnit.Count, o.outcome === outcome ? 1 : 0);
    }
    if (o.outcome === 'failed') {
      logger.error('retraining failed', { model: o.model, durationMs: o.durationMs, error: o.error as Error });
      return;
    }
    const { decision } = o;
    logger.info(o.outcome === 'published' ? 'candidate published' : 'candidate rejected', {
      model: o.model,
      candidate: decision.candidate,
      current: decision.current,
      published: decision.published,
      reasons: decision.reasons,
      metrics: decision.metrics,
      durationMs: o.durationMs,
    });
  };

  return invocationHandler<unknown, RetrainerReport>(async (_event, context) => {
    // Read per invocation, not at module scope: `npm start` imports every handler, and has no Athena.
    const archive = archiveQuerySettings(env);
    const now = options.now?.() ?? new Date();
    const outcomes = await retrainModels({
      retrainers,
      deps: (model) => ({
        objects: registryObjectsOf(model, { env, s3 }),
        athena,
        archive,
        now,
        by: RETRAINER_PUBLISHER,
        queryTimeoutMs: Math.max(
          0,
          Math.min(MAX_QUERY_WAIT_MS, context.getRemainingTimeInMillis() - TRAINING_RESERVE_MS),
        ),
      }),
      onOutcome: record,
    });
    return {
      models: outcomes.map((o) =>
        o.outcome === 'failed'
          ? { model: o.model, outcome: o.outcome, error: (o.error as Error)?.message ?? String(o.error) }
          : { model: o.model, outcome: o.outcome, candidate: o.decision.candidate },
      ),
    };
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

export const handler = retrainerHandler();
