/**
 * What a scoring function ships of onnxruntime-node: the package's JavaScript, its one
 * runtime dependency (onnxruntime-common) and the linux-arm64 native binaries — about
 * 26 MB instead of the ~300 MB the npm package holds for every platform. esbuild leaves
 * both packages external (a `.node` addon cannot be bundled), and an `afterBundling` hook
 * copies these files next to the bundle, so `import 'onnxruntime-node'` resolves from
 * `/var/task/node_modules` as Node's ESM resolver requires (it ignores `NODE_PATH`, which
 * is how layers under `/opt/nodejs` are found). Everything runs locally: no Docker.
 */

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Packages esbuild must leave external in a function that scores with ONNX. */
export const ONNX_EXTERNAL_MODULES = ['onnxruntime-node', 'onnxruntime-common'] as const;

/** The platform directory of the native binding Lambda loads (`bin/napi-v6/<platform>/<arch>`). */
export const ONNX_LAMBDA_BINARIES = 'bin/napi-v6/linux/arm64';

/** One file to copy into the bundle: `from` absolute, `to` relative to the bundle directory. */
export interface ShippedFile {
  from: string;
  to: string;
}

/** Every file of `dir` (recursively), relative to it, in a stable order. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const rel = path.posix.join(prefix, entry.name);
      return entry.isDirectory() ? walk(path.join(dir, entry.name), rel) : [rel];
    });
}

/**
 * The files a Lambda (linux-arm64) needs of onnxruntime-node and onnxruntime-common, as
 * installed under `nodeModules`: package manifests, runtime JavaScript (no typings or
 * source maps) and the linux-arm64 binaries only.
 */
export function onnxRuntimeFiles(nodeModules: string): ShippedFile[] {
  const pick = (pkg: string, keep: (rel: string) => boolean): ShippedFile[] => {
    const dir = path.join(nodeModules, pkg);
    if (!statSync(path.join(dir, 'package.json'), { throwIfNoEntry: false })) {
      throw new Error(`${pkg} is not installed under ${nodeModules}; run npm ci`);
    }
    return walk(dir)
      .filter(keep)
      .map((rel) => ({ from: path.join(dir, rel), to: path.posix.join('node_modules', pkg, rel) }));
  };
  const runtimeJs = (rel: string) => rel.startsWith('dist/') && (rel.endsWith('.js') || rel.endsWith('package.json'));
  const files = [
    ...pick(
      'onnxruntime-node',
      (rel) => rel === 'package.json' || runtimeJs(rel) || rel.startsWith(`${ONNX_LAMBDA_BINARIES}/`),
    ),
    ...pick('onnxruntime-common', (rel) => rel === 'package.json' || runtimeJs(rel)),
  ];
  if (!files.some((f) => f.to.endsWith('.node'))) {
    throw new Error(`onnxruntime-node has no ${ONNX_LAMBDA_BINARIES} binding under ${nodeModules}`);
  }
  return files;
}

/** Shell commands (NodejsFunction runs local hooks with bash) copying `files` into `outputDir`. */
export function copyCommands(files: readonly ShippedFile[], outputDir: string): string[] {
  const quote = (p: string) => `'${p.replaceAll("'", "'\\''")}'`;
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    if (path.basename(f.from) !== path.posix.basename(f.to)) throw new Error(`${f.to} must keep the name of ${f.from}`);
    const dir = path.posix.dirname(f.to);
    byDir.set(dir, [...(byDir.get(dir) ?? []), f.from]);
  }
  const dirs = [...byDir.keys()].sort();
  return [
    `mkdir -p ${dirs.map((d) => quote(path.join(outputDir, d))).join(' ')}`,
    ...dirs.map((d) => `cp ${(byDir.get(d) ?? []).map(quote).join(' ')} ${quote(path.join(outputDir, d))}`),
  ];
}
