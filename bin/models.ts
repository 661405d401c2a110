import type { Writable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import {
  directoryObjects,
  type ModelRegistry,
  ModelRegistryError,
  modelRegistry,
  s3Objects,
} from '../functions/lib/model-registry/index.js';
import { localModelRoot, seedLocalModels } from '../infra/local/models.js';
import { pipeline } from '../infra/pipeline.js';
import { exitWithUsage, parseCommandLine } from './command-line.js';

/**
 * `tandem models list|rollback`: the model registry (functions/lib/model-registry) of a local
 * state directory, or of the models bucket on AWS with `--bucket`.
 */
export const MODELS_USAGE = `usage: tandem models list [--json] [--data-dir DIR | --bucket NAME]
       tandem models rollback <model> [<version>] [--data-dir DIR | --bucket NAME]

list      every model's versions (the shipped one, then each trained candidate, published or
          rejected, with its evaluation) and which one the scorers use now
rollback  makes <version> current again; without it, the version current before this one
          (repeated rollbacks walk back through the versions published, oldest last)

  --data-dir DIR   local state directory (default .tandem)
  --bucket NAME    the stack's models bucket instead (AWS SDK credentials and region from the
                   environment; S3 conditional writes keep a racing publish from being lost)
  --json           one JSON object per model
`;

export interface ModelsCommandOptions {
  args: readonly string[];
  output?: Writable;
  errors?: Writable;
}

function registries(values: { 'data-dir': string; bucket?: string | undefined }): Promise<ModelRegistry[]> {
  const names = Object.keys(pipeline.models);
  if (values.bucket !== undefined) {
    const s3 = new S3Client({});
    return Promise.resolve(
      names.map((name) => modelRegistry(name, s3Objects(s3, values.bucket!, `${pipeline.models[name]!.directory}/`))),
    );
  }
  // A state directory npm start never ran in still has the shipped models.
  return seedLocalModels(pipeline, values['data-dir']).then(() =>
    names.map((name) => modelRegistry(name, directoryObjects(localModelRoot(values['data-dir'], name)))),
  );
}

function describeVersion(v: Awaited<ReturnType<ModelRegistry['versions']>>[number]): string {
  const card = v.card ?? {};
  const evaluation = v.evaluation ?? {};
  const parts = [`${v.current ? '*' : ' '} ${v.version}`];
  if (typeof card.version === 'string' && card.version !== v.version) parts.push(`card ${card.version}`);
  if (typeof evaluation.published === 'boolean') parts.push(evaluation.published ? 'passed the gate' : 'rejected');
  if (Array.isArray(evaluation.reasons) && evaluation.reasons.length > 0)
    parts.push(`(${evaluation.reasons.join('; ')})`);
  return parts.join('  ');
}

export async function runModelsCommand(options: ModelsCommandOptions): Promise<number> {
  const output = options.output ?? process.stdout;
  const errors = options.errors ?? process.stderr;
  const command = {
    name: 'tandem models',
    usage: MODELS_USAGE,
    options: {
      'data-dir': { type: 'string', default: '.tandem' },
      bucket: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    args: options.args,
  } as const;
  const { values, positionals } = parseCommandLine(command);
  const [action = 'list', model, version, ...extra] = positionals;
  if (action !== 'list' && action !== 'rollback') exitWithUsage(command, `unknown action ${JSON.stringify(action)}`);
  if (action === 'list' && positionals.length > 1) exitWithUsage(command, 'list takes no arguments');
  if (action === 'rollback' && (model === undefined || extra.length > 0)) {
    exitWithUsage(command, 'rollback takes a model and at most one version');
  }
  if (model !== undefined && !(model in pipeline.models)) {
    exitWithUsage(command, `no model ${JSON.stringify(model)}: ${Object.keys(pipeline.models).join(', ')}`);
  }
  try {
    const all = await registries(values);
    if (action === 'rollback') {
      const registry = all.find((r) => r.model === model)!;
      const pointer = await registry.rollback({ to: version, by: 'tandem models rollback' });
      output.write(
        values.json
          ? `${JSON.stringify({ model, ...pointer })}\n`
          : `${model}: ${pointer.previous} → ${pointer.version} (scorers swap at their next model check)\n`,
      );
      return 0;
    }
    for (const registry of all) {
      const [versions, { pointer }] = await Promise.all([registry.versions(), registry.current()]);
      if (values.json) {
        output.write(`${JSON.stringify({ model: registry.model, uri: registry.uri, current: pointer, versions })}\n`);
        continue;
      }
      output.write(`${registry.model}  (${registry.uri})  current: ${pointer.version}\n`);
      for (const v of versions) output.write(`  ${describeVersion(v)}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof ModelRegistryError)) throw error;
    errors.write(`tandem models: ${error.message}\n`);
    return 1;
  }
}
