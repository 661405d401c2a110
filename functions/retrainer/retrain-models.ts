/**
 * One nightly run over every model of the table (model-retrainers.ts), one after the other: a
 * model that throws is recorded as failed and the next one still runs. Plain domain logic, no
 * AWS: the handler passes each model's dependencies and turns the outcomes into logs and metrics.
 */

import type { ModelRetrainer, RetrainDecision, RetrainDeps } from './model-retrainers.js';

/** What became of one model's run. */
export type ModelOutcome =
  | { model: string; outcome: 'published' | 'rejected'; decision: RetrainDecision; durationMs: number }
  | { model: string; outcome: 'failed'; error: unknown; durationMs: number };

export interface RetrainModelsOptions {
  retrainers: Readonly<Record<string, ModelRetrainer>>;
  /** A model's dependencies; building them may throw (a model with no registry binding), which fails that model only. */
  deps: (model: string) => RetrainDeps;
  /** Called as each model's run ends, before the next starts. */
  onOutcome?: (outcome: ModelOutcome) => void;
}

export async function retrainModels(options: RetrainModelsOptions): Promise<ModelOutcome[]> {
  const outcomes: ModelOutcome[] = [];
  for (const [model, retrainer] of Object.entries(options.retrainers)) {
    const started = Date.now();
    let outcome: ModelOutcome;
    try {
      const decision = await retrainer(options.deps(model));
      outcome = {
        model,
        outcome: decision.published ? 'published' : 'rejected',
        decision,
        durationMs: Date.now() - started,
      };
    } catch (error) {
      outcome = { model, outcome: 'failed', error, durationMs: Date.now() - started };
    }
    options.onOutcome?.(outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}
