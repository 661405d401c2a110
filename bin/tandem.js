#!/usr/bin/env node
// `tandem` (`npx tandem …` in this repo): runs the TypeScript CLI through tsx, with the same
// Node flags as `npm start` and `npm run train` (require(esm) off: tsx then loads the CommonJS
// and ESM-in-CommonJS files of the lexicon packages the same way on Node 20 and 22), so the
// CLI runs exactly the source the Lambda bundles.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('./tandem.ts', import.meta.url));
const child = spawn(
  process.execPath,
  ['--no-experimental-require-module', '--import', 'tsx', cli, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
