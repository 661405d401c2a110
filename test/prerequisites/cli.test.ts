import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));
// A PATH holding node and nothing else: no kcat, no apt-get, no sudo.
const bare = mkdtempSync(join(tmpdir(), 'tandem-bare-path-'));
symlinkSync(process.execPath, join(bare, 'node'));

function runCli(env: NodeJS.ProcessEnv) {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', tsx, cli, '--check-only'], {
    env: { HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { ...result, ms: Date.now() - started };
}

describe('npm test prerequisites check', () => {
  afterAll(() => rmSync(bare, { recursive: true, force: true }));

  it('stops at once, naming what is missing and how to install it, when kcat and chromium are absent', () => {
    // Act
    const result = runCli({ PATH: bare, CHROMIUM_PATH: join(bare, 'no-chromium') });
    const neither = runCli({ PATH: bare });

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('kcat');
    expect(result.stderr).toContain('no-chromium');
    expect(result.ms).toBeLessThan(20_000);
    // Without apt-get on PATH (and /usr/bin/chromium present or not) it says what to install.
    expect(neither.status).toBe(1);
    expect(neither.stderr).toContain('kcat');
  });

  it('accepts any executable named by CHROMIUM_PATH, and passes on this machine as the suite runs it', () => {
    // Act
    const onlyKcatMissing = runCli({ PATH: bare, CHROMIUM_PATH: process.execPath });
    const here = runCli({ PATH: process.env.PATH, PLAYWRIGHT_CHROMIUM_PATH: process.env.PLAYWRIGHT_CHROMIUM_PATH });

    // Assess
    expect(onlyKcatMissing.status).toBe(1);
    expect(onlyKcatMissing.stderr).toContain('kcat');
    expect(onlyKcatMissing.stderr).not.toContain('PLAYWRIGHT_CHROMIUM_PATH');
    expect(here.stderr).toBe('');
    expect(here.status).toBe(0);
  });
});
