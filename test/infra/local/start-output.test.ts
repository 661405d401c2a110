import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './kafka/helpers/wait.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** Text a user could get into a Slack post: a screen clear, a line rewrite, a C1 CSI and a bidi override. */
const HOSTILE = 'refund\x1b[2J\rOK\u009b31m\u202Etxt.exe';

interface Run {
  output: string;
  slackFile: string;
}

/** `npm start -- --no-demo --duration 6` (plus `extra`), piped; posts HOSTILE to the Slack sink once it is up. */
async function runStart(dataDir: string, extra: string[]): Promise<Run> {
  const child = spawn(
    process.execPath,
    [
      '--no-experimental-require-module',
      '--import',
      'tsx',
      'infra/local/start.ts',
      '--no-demo',
      '--duration',
      '6',
      '--data-dir',
      dataDir,
      ...extra,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitFor(() => /slack sink (http:\S+)/.test(output), 60_000, 'the local runtime to start');
    const url = /slack sink (http:\S+)/.exec(output)?.[1];
    const answer = await fetch(`${url}/services/local/negative-feedback`, {
      method: 'POST',
      body: JSON.stringify({ text: HOSTILE }),
    });
    expect(answer.status).toBe(200);
    await exited;
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  return { output, slackFile: path.join(dataDir, 'slack.jsonl') };
}

// What `npm start` prints: the progress table and a Slack counter; the posts only with --verbose,
// and never a control character a post carried.
describe('npm start output', () => {
  let dirs: string[];
  let quiet: Run;
  let verbose: Run;

  beforeAll(async () => {
    dirs = await Promise.all([1, 2].map(() => mkdtemp(path.join(os.tmpdir(), 'tandem-start-output-'))));
    [quiet, verbose] = await Promise.all([runStart(dirs[0]!, []), runStart(dirs[1]!, ['--verbose'])]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('counts Slack posts in the progress table and keeps them in slack.jsonl, printing none by default', async () => {
    // Act
    const stored = (await readFile(quiet.slackFile, 'utf8')).trim().split('\n');

    // Assess
    expect(quiet.output).toMatch(
      /slack\s+1 posts \(local\/negative-feedback 1\) in .*slack\.jsonl \(--verbose prints them\)/,
    );
    expect(quiet.output).not.toContain('refund');
    expect(stored.map((line) => (JSON.parse(line) as { body: { text: string } }).body.text)).toEqual([HOSTILE]);
  });

  it('prints each post with --verbose, its control characters shown as escapes', () => {
    // Assess
    expect(verbose.output).toContain(
      '[slack local/negative-feedback] refund\\u001b[2J\\u000dOK\\u009b31m\\u202etxt.exe',
    );
    // Piped output carries no escape sequence at all: none from the post, none from the table.
    const unsafe = [...verbose.output].filter((c) => /[\p{Cc}\p{Bidi_Control}]/u.test(c) && c !== '\n');
    expect(unsafe).toEqual([]);
  });
});
