import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { functionAssets, LAMBDA_UNZIPPED_LIMIT_BYTES } from '../infra/aws/function-assets.js';
import { REPO_ROOT } from '../infra/aws/paths.js';
import { createTandemApp } from '../infra/aws/tandem-app.js';
import { pipeline } from '../infra/pipeline.js';
import { fmt, printTable } from './table.js';

/**
 * What each Lambda function ships, measured on the cloud assembly `cdk synth` builds
 * (esbuild bundles, source maps, and for scoring functions the linux-arm64
 * onnxruntime-node): unzipped bytes, the figure Lambda limits to 250 MB, split into the
 * bundle and what is copied beside it. Goals: under 60 MB for functions that score with
 * ONNX, under 5 MB for the rest. The bundle's size is also the code a cold start parses.
 */
const SCORING_GOAL = 60 * 1024 * 1024;
const OTHER_GOAL = 5 * 1024 * 1024;
const MB = 1024 * 1024;

export async function run(): Promise<void> {
  const outdir = await mkdtemp(path.join(os.tmpdir(), 'tandem-package-size-'));
  try {
    const context = JSON.parse(await readFile(path.join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
    // Sizes do not depend on the target, and nag adds nothing to the assets.
    const { app, stack } = createTandemApp({ outdir, context: { ...context, nag: false }, env: {} });
    const t = performance.now();
    const assembly = app.synth();
    const synthSeconds = (performance.now() - t) / 1000;
    const rows: Record<string, string>[] = [];
    for (const asset of await functionAssets(assembly, stack)) {
      if (asset.name === undefined) continue;
      const spec = pipeline.functions[asset.name];
      const scoring = spec?.onnx === true;
      const goal = scoring ? SCORING_GOAL : OTHER_GOAL;
      const bundle = (await stat(path.join(asset.dir, 'index.mjs'))).size;
      const map = (await stat(path.join(asset.dir, 'index.mjs.map'))).size;
      rows.push({
        function: asset.name,
        kind: scoring ? 'scoring (ONNX)' : spec ? 'pipeline' : 'custom resource',
        'unzipped MB': fmt(asset.bytes / MB, 2),
        'index.mjs MB': fmt(bundle / MB, 2),
        'source map MB': fmt(map / MB, 2),
        'beside the bundle MB': fmt((asset.bytes - bundle - map) / MB, 2),
        files: fmt(asset.files),
        goal: `< ${fmt(goal / MB)} MB`,
        verdict:
          asset.bytes >= LAMBDA_UNZIPPED_LIMIT_BYTES ? 'OVER LAMBDA LIMIT' : asset.bytes < goal ? 'ok' : 'over goal',
      });
    }
    printTable(
      `Lambda package sizes from \`cdk synth\` (esbuild ${await esbuildVersion()}, minified ESM + source map; ` +
        `scoring functions add onnxruntime-node linux-arm64); Lambda limit 250 MB unzipped; ` +
        `synthesis with bundling took ${fmt(synthSeconds, 1)} s on ${os.cpus().length} CPUs`,
      rows,
    );
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

async function esbuildVersion(): Promise<string> {
  const { version } = await import('esbuild');
  return version;
}
