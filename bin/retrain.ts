import path from 'node:path';
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import { directoryObjects, ModelRegistryError } from '../functions/lib/model-registry/index.js';
import { localModelRoot, seedLocalModels } from '../infra/local/models.js';
import { localBucketName } from '../infra/local/provision.js';
import { pipeline } from '../infra/pipeline.js';
// Types only: each retrainer is loaded with `await import()` when its model is asked for.
import type { RetrainResult } from '../models/sentiment/train/retrain.js';
import { exitWithUsage, parseCommandLine } from './command-line.js';

/**
 * `tandem retrain <model>`: the whole nightly path for one model against a local state directory
 * (models/sentiment/train/retrain.ts): the training-set SQL on DuckDB over the local archive,
 * training, the gate beside the current version, and the registry (a new version, published or
 * rejected). Running scorers swap to a published version at their next model check.
 */
export const RETRAIN_USAGE = `usage: tandem retrain <model> [--data-dir DIR] [--json] [--shuffle-labels | --shuffle-targets]

trains a candidate from the local archive (sentiment: the labelled feedback; air-quality: the
daily PM10 means of air-quality-checked with the day's weather, after the shipped history),
evaluates it beside the current version on the same rows (the newest labels or days, held out,
and the model's reference sets), and publishes it only if it passes the gate; a rejected
candidate is kept with its report (tandem models list shows both).

  --data-dir DIR       local state directory (default .tandem)
  --json               print {"model","candidate","current","published","metrics","reasons"}
                       (air-quality adds "data": the days read, left out and held out)
  --shuffle-labels     sentiment: train on shuffled labels (never the holdout's): a worse
                       candidate on purpose, to see the gate reject it
  --shuffle-targets    air-quality: the same with the training rows' next-day PM10
`;

/** Models the retrainer can train so far. */
const RETRAINABLE = ['sentiment', 'air-quality'] as const;

/** How the local S3 stand-in (s3rver) names an object's file: `<bucket>/<key>._S3rver_object`. */
const S3RVER_OBJECT_SUFFIX = '._S3rver_object';

/** What either retrainer decided, as far as this command prints it. */
type RetrainOutcome = Pick<RetrainResult, 'model' | 'candidate' | 'current' | 'published' | 'reasons'> & {
  metrics: Record<string, { candidate: SetFigures; current: SetFigures }>;
};

/** One model on one set: accuracy for sentiment, RMSE (µg/m³) for air quality. */
type SetFigures = { accuracy: number; total: number } | { rmse: number; rows: number };

function describeSet(name: string, m: { candidate: SetFigures; current: SetFigures }): string {
  if ('rmse' in m.candidate && 'rmse' in m.current) {
    return `${name.padEnd(18)} RMSE candidate ${m.candidate.rmse.toFixed(3)}  current ${m.current.rmse.toFixed(3)}  (${m.candidate.rows} rows)`;
  }
  const c = m.candidate as { accuracy: number; total: number };
  const k = m.current as { accuracy: number; total: number };
  return `${name.padEnd(18)} candidate ${c.accuracy.toFixed(3)}  current ${k.accuracy.toFixed(3)}  (${c.total} texts)`;
}

export interface RetrainCommandOptions {
  args: readonly string[];
  output?: Writable;
  errors?: Writable;
}

export async function runRetrainCommand(options: RetrainCommandOptions): Promise<number> {
  const output = options.output ?? process.stdout;
  const errors = options.errors ?? process.stderr;
  const command = {
    name: 'tandem retrain',
    usage: RETRAIN_USAGE,
    options: {
      'data-dir': { type: 'string', default: '.tandem' },
      json: { type: 'boolean', default: false },
      'shuffle-labels': { type: 'boolean', default: false },
      'shuffle-targets': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    args: options.args,
  } as const;
  const { values, positionals } = parseCommandLine(command);
  const [model, ...extra] = positionals;
  if (model === undefined || extra.length > 0) exitWithUsage(command, 'give exactly one model');
  if (!(RETRAINABLE as readonly string[]).includes(model)) {
    exitWithUsage(
      command,
      model in pipeline.models
        ? `${model} has no retrainer yet: ${RETRAINABLE.join(', ')}`
        : `no model ${JSON.stringify(model)}: ${Object.keys(pipeline.models).join(', ')}`,
    );
  }

  if (values['shuffle-labels'] && model !== 'sentiment') exitWithUsage(command, '--shuffle-labels is for sentiment');
  if (values['shuffle-targets'] && model !== 'air-quality')
    exitWithUsage(command, '--shuffle-targets is for air-quality');

  const dataDir = values['data-dir'];
  // A state directory npm start never ran in still has the shipped models.
  await seedLocalModels(pipeline, dataDir);
  const archive = {
    root: path.join(dataDir, 's3', localBucketName('archive')),
    objectSuffix: S3RVER_OBJECT_SUFFIX,
  };
  const bar = new cliProgress.SingleBar(
    { format: 'retrain |{bar}| {value}/{total} | {stage}', stream: errors, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    const onProgress = (stage: string, done: number, total: number) => {
      if (!started) bar.start(total, done, { stage });
      else bar.update(done, { stage });
      started = true;
    };
    const objects = directoryObjects(localModelRoot(dataDir, model));
    const by = 'tandem retrain';
    let result: RetrainOutcome;
    if (model === 'sentiment') {
      const { retrainSentiment } = await import('../models/sentiment/train/retrain.js');
      const { readLabelledFeedback } = await import('../models/sentiment/train/training-set.js');
      result = await retrainSentiment({
        objects,
        labelledFeedback: () => readLabelledFeedback(archive),
        by,
        shuffleLabels: values['shuffle-labels'],
        onProgress,
      });
    } else {
      const { retrainAirQuality } = await import('../models/air-quality/train/retrain.js');
      const { readArchivedDays } = await import('../models/air-quality/train/training-set.js');
      result = await retrainAirQuality({
        objects,
        trainingRows: () => readArchivedDays(archive),
        by,
        shuffleTargets: values['shuffle-targets'],
        onProgress,
      });
    }
    bar.update(bar.getTotal(), { stage: result.published ? 'published' : 'rejected' });
    bar.stop();
    if (values.json) {
      output.write(`${JSON.stringify(result)}\n`);
    } else {
      output.write(
        `${result.model}: candidate ${result.candidate} ${result.published ? 'published' : 'rejected'} (current was ${result.current})\n`,
      );
      for (const [name, m] of Object.entries(result.metrics)) output.write(`  ${describeSet(name, m)}\n`);
      for (const reason of result.reasons) output.write(`  - ${reason}\n`);
    }
    return 0;
  } catch (error) {
    bar.stop();
    if (!(error instanceof ModelRegistryError)) throw error;
    errors.write(`tandem retrain: ${error.message}\n`);
    return 1;
  }
}
