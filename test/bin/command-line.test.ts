import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every command, spawned as its user runs it (package.json's script, or bin/tandem.js as npx
// runs it), with --help, a flag it does not take, and (bench) a suite that does not exist.
// Nothing here starts the pipeline or a benchmark: each case ends at the command line.

const root = fileURLToPath(new URL('../../', import.meta.url));
const scripts = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a shell command line (an npm script's text) with `args` appended, as `npm run <script> -- args` does. */
function run(commandLine: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `${commandLine} "$@"`, 'sh', ...args], {
      cwd: root,
      env: { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const STACK_LINE = /^\s+at /m;

/** The command's manners: --help → usage on stdout, exit 0; a bad flag → one error line, the usage, exit 2. */
async function expectManners(commandLine: string, name: string, usage: RegExp, prefix: string[] = []): Promise<void> {
  // Act
  const [help, bogus] = await Promise.all([
    run(commandLine, [...prefix, '--help']),
    run(commandLine, [...prefix, '--bogus']),
  ]);
  // Assess
  expect({ code: help.code, stderr: help.stderr }).toEqual({ code: 0, stderr: '' });
  expect(help.stdout).toMatch(usage);
  expect(bogus.code).toBe(2);
  expect(bogus.stdout).toBe('');
  expect(bogus.stderr.split('\n')[0]).toBe(`${name}: unknown option '--bogus'`);
  expect(bogus.stderr.split('\n')[1]).toBe('');
  expect(bogus.stderr).toContain(help.stdout);
  expect(`${help.stdout}${bogus.stderr}`).not.toMatch(STACK_LINE);
}

describe.concurrent('command-line manners', { timeout: 120_000 }, () => {
  it('tandem and tandem sentiment', async () => {
    // Prepare
    const tandem = 'node bin/tandem.js';
    // Act
    const [nothing, unknown] = await Promise.all([run(tandem, []), run(tandem, ['nosuch'])]);
    await expectManners(tandem, 'tandem', /^usage: tandem <command> \[options\]/);
    await expectManners(tandem, 'tandem sentiment', /^usage: tandem sentiment .*--model PATH.*--batch N/s, [
      'sentiment',
    ]);
    await expectManners(tandem, 'tandem air forecast', /^usage: tandem air forecast .*--model PATH.*--stations CSV/s, [
      'air',
      'forecast',
    ]);
    await expectManners(tandem, 'tandem dead-letters', /^usage: tandem dead-letters .*--reason R/s, ['dead-letters']);
    await expectManners(tandem, 'tandem compact', /^usage: tandem compact .*--older-than SECONDS/s, ['compact']);
    const badAge = await run(tandem, ['compact', '--older-than', 'soon']);
    // Assess
    expect([nothing.code, nothing.stderr.split('\n')[0]]).toEqual([2, 'tandem: no command given']);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, 'tandem: unknown command "nosuch"']);
    expect([badAge.code, badAge.stderr.split('\n')[0]]).toEqual([
      2,
      'tandem compact: --older-than must be a number of seconds ≥ 0, got "soon"',
    ]);
  });

  it('npm run bench, and --only with a suite that does not exist', async () => {
    // Act
    await expectManners(scripts.bench as string, 'npm run bench', /usage: npm run bench -- \[options\]/);
    const nosuch = await run(scripts.bench as string, ['--only', 'nosuch']);
    // Assess
    expect(nosuch.code).toBe(2);
    // The suites bench/run.ts registers, read from its source so a new suite needs no edit here.
    const registered = [
      ...readFileSync(path.join(root, 'bench/run.ts'), 'utf8').matchAll(/^\s+'?([a-z-]+)'?: \(\) => import\(/gm),
    ].map((m) => m[1]);
    expect(registered.length).toBeGreaterThan(5);
    expect(nosuch.stderr.split('\n')[0]).toBe(
      `npm run bench: no suite named "nosuch" (suites: ${registered.join(', ')})`,
    );
    expect(nosuch.stderr).toContain('usage: npm run bench');
    expect(nosuch.stderr).not.toMatch(STACK_LINE);
  });

  it('npm start', async () => {
    await expectManners(scripts.start as string, 'npm start', /usage: npm start -- \[options\].*--drain-timeout S/s);
  });

  it('npm run broker', async () => {
    await expectManners(scripts.broker as string, 'npm run broker', /usage: npm run broker -- \[options\]/);
  });

  it('npm run build:dashboard', async () => {
    await expectManners(
      scripts['build:dashboard'] as string,
      'npm run build:dashboard',
      /usage: npm run build:dashboard -- \[options\]/,
    );
  });

  it('npm run train and bench/cost.ts', async () => {
    await expectManners(scripts.train as string, 'npm run train', /usage: npm run train -- \[options\]/);
    await expectManners(
      'node --no-experimental-require-module --import tsx bench/cost.ts',
      'bench/cost.ts',
      /usage: node .* bench\/cost\.ts \[options\]/,
    );
  });
});
