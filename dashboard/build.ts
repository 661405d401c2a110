import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DashboardConfig, DEFAULT_CONFIG, parseConfig } from './src/config.js';
import { DashboardError } from './src/errors.js';

/**
 * Builds the dashboard into static files held in memory: `index.html`, `config.json`, the
 * page's script and styles (Chart.js bundled in, minified; no CDN, no web fonts, so the page
 * works offline) and their source maps. The local API server serves the map as it is; for AWS,
 * `outDir` also writes it to a directory to upload. Script and styles carry a content hash in
 * their names, so a host may cache them forever; `index.html` and `config.json` keep their
 * names and must be served without long caching.
 */
export interface DashboardBuildOptions {
  /** Also write the files here, replacing an earlier build's (other files are left alone). */
  outDir?: string;
  /** `config.json` over the defaults (the query API at the page's own origin, refreshed every 10 s). */
  config?: Partial<DashboardConfig>;
  /** Emit linked source maps (default true). */
  sourcemap?: boolean;
}

/** The built files by site-relative name. */
export type DashboardFiles = Map<string, Uint8Array>;

const ROOT = path.dirname(fileURLToPath(import.meta.url));
/** Where esbuild would write; only used to name outputs, since nothing is written there. */
const VIRTUAL_OUT = path.join(ROOT, 'out');
/** Entry points by the name index.html refers to them with. */
const ENTRIES = [
  { reference: 'app.js', in: 'src/main.ts', out: 'app' },
  { reference: 'styles.css', in: 'styles.css', out: 'styles' },
] as const;

export async function buildDashboard(options: DashboardBuildOptions = {}): Promise<DashboardFiles> {
  // The page checks config.json the same way; a bad one fails here, not in a viewer's browser.
  const config = parseConfig({ ...DEFAULT_CONFIG, ...options.config });
  // esbuild is a build tool: only the paths that build the page load it.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES.map((e) => ({ in: e.in, out: e.out })),
    entryNames: '[name]-[hash]',
    outdir: VIRTUAL_OUT,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    sourcemap: options.sourcemap === false ? false : 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });

  const files: DashboardFiles = new Map();
  for (const out of result.outputFiles)
    files.set(path.relative(VIRTUAL_OUT, out.path).split(path.sep).join('/'), out.contents);

  let html = await readFile(path.join(ROOT, 'index.html'), 'utf8');
  for (const entry of ENTRIES) {
    const built = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === entry.in)?.[0];
    if (!built) throw new DashboardError(`dashboard build: no output for ${entry.in}`);
    const reference = `"${entry.reference}"`;
    if (!html.includes(reference))
      throw new DashboardError(`dashboard build: index.html does not refer to ${entry.reference}`);
    html = html.replace(reference, `"${path.basename(built)}"`);
  }
  files.set('index.html', new TextEncoder().encode(html));
  files.set('config.json', new TextEncoder().encode(`${JSON.stringify(config, null, 2)}\n`));

  if (options.outDir) await writeDashboard(files, options.outDir);
  return files;
}

/** Hashed files of an earlier build, which would otherwise linger and be uploaded with the new ones. */
const EARLIER_BUILD = /^(app|styles)-[A-Z0-9]+\.(js|css)(\.map)?$/;

async function writeDashboard(files: DashboardFiles, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  // Only files this build names are removed: outDir may be any directory a developer passes.
  for (const name of await readdir(outDir))
    if (EARLIER_BUILD.test(name)) await rm(path.join(outDir, name), { force: true });
  for (const [name, contents] of files) await writeFile(path.join(outDir, name), contents);
}
