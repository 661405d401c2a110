import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcat } from './kafka/helpers/kcat.js';
import { waitFor } from './kafka/helpers/wait.js';

const root = path.resolve(import.meta.dirname, '../../..');

interface TopAnswer {
  window: { start: string; end: string; final: boolean } | null;
  top: { key: string; count: number }[];
}

// The issue's acceptance run, as a user types it: `npm start -- --no-demo --kafka-port 9092
// --api-port 3000`, wiki events produced from outside with kcat, read back from the query API.
describe('npm start with outside producers', () => {
  let child: ChildProcess;
  let dataDir: string;
  let output = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-start-'));
    // What `npm start` runs (package.json), without npm in between so the signal reaches node.
    child = spawn(
      process.execPath,
      [
        '--no-experimental-require-module',
        '--import',
        'tsx',
        'infra/local/start.ts',
        '--no-demo',
        '--kafka-port',
        '9092',
        '--api-port',
        '3000',
        '--data-dir',
        dataDir,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    await waitFor(() => output.includes('tandem is running locally'), 60_000, 'the local runtime to start');
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows wiki edits produced with kcat in GET /v1/top within a few seconds, then stops cleanly on Ctrl-C', async () => {
    // Prepare
    const now = Math.floor(Date.now() / 1000);
    const edits: [string, number][] = [
      ['Kcat Alice', 5],
      ['Kcat Bob', 3],
      ['KcatBot', 2],
    ];
    const lines = edits.flatMap(([user, n]) =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({
          $schema: '/mediawiki/recentchange/1.0.0',
          meta: {
            domain: 'en.wikipedia.org',
            dt: new Date(now * 1000).toISOString(),
            id: `${user}-${i}`,
            stream: 'mediawiki.recentchange',
          },
          id: 2_500_000_000 + i,
          type: 'edit',
          namespace: 0,
          title: `Page ${i}`,
          timestamp: now,
          user,
          bot: user.endsWith('Bot'),
          server_name: 'en.wikipedia.org',
          wiki: 'enwiki',
        }),
      ),
    );

    // Act
    const produced = Date.now();
    await kcat(['-P', '-b', '127.0.0.1:9092', '-t', 'wiki-changes'], `${lines.join('\n')}\n`);
    let answer: TopAnswer | undefined;
    await waitFor(
      async () => {
        const res = await fetch('http://127.0.0.1:3000/v1/top/wiki-edits-by-user?window=latest&n=10');
        answer = (await res.json()) as TopAnswer;
        return answer.top.length === edits.length;
      },
      15_000,
      'the edits in GET /v1/top',
    );
    const seconds = (Date.now() - produced) / 1000;
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    // Assess
    expect(answer?.top).toEqual(edits.map(([key, count]) => ({ key, count })));
    expect(Date.parse(answer?.window?.start ?? '')).toBe(Math.floor((now * 1000) / 600_000) * 600_000);
    expect(answer?.window?.final).toBe(false);
    expect(seconds).toBeLessThan(10);
    expect(code, output).toBe(0);
  });
});
