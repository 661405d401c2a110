import { parseCommandLine } from '../bin/command-line.js';
import { buildDashboard } from './build.js';

// `npm run build:dashboard -- [--out DIR] [--api-base-url URL] [--no-sourcemap]`: the static
// files to upload for AWS. The stack may also write config.json itself at deploy time.
const { values } = parseCommandLine({
  name: 'npm run build:dashboard',
  usage: [
    'tandem dashboard build: the static files of the live dashboard page',
    '',
    'usage: npm run build:dashboard -- [options]',
    '  --out DIR            output directory (default dist/dashboard)',
    '  --api-base-url URL   the query API the page calls, written to config.json (default: same origin)',
    '  --no-sourcemap       leave out the source maps',
    '  -h, --help           print this help',
    '',
  ].join('\n'),
  options: {
    out: { type: 'string', default: 'dist/dashboard' },
    'api-base-url': { type: 'string' },
    'no-sourcemap': { type: 'boolean', default: false },
  },
});

try {
  const files = await buildDashboard({
    outDir: values.out,
    sourcemap: !values['no-sourcemap'],
    ...(values['api-base-url'] !== undefined ? { config: { apiBaseUrl: values['api-base-url'] } } : {}),
  });
  process.stdout.write(`dashboard written to ${values.out}/\n`);
  for (const [name, contents] of [...files].sort(([a], [b]) => a.localeCompare(b)))
    process.stdout.write(`  ${name.padEnd(28)} ${String(contents.byteLength).padStart(8)} bytes\n`);
} catch (err) {
  process.stderr.write(`dashboard build failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
