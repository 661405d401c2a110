import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { START_COMMAND, START_OPTIONS } from '../../../infra/local/start-command.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The flags named in README's `npm start` table (the rows after `| flag | meaning |`). */
function readmeStartFlags(): string[] {
  const table = README.slice(README.indexOf('| flag | meaning |')).split('\n\n', 1)[0] as string;
  const firstCells = table.split('\n').map((row) => row.split('|')[1] ?? '');
  return [...new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`--?([a-z-]+)/g)].map((m) => m[1] as string)))];
}

describe('npm start flags', () => {
  it('README documents every flag start.ts takes, and no other', () => {
    // Prepare
    const flags = [...Object.keys(START_OPTIONS), 'help'];
    // Act
    const documented = readmeStartFlags().filter((f) => f !== 'h');
    // Assess
    expect([...documented].sort()).toEqual([...flags].sort());
  });

  it('--help lists every flag', () => {
    // Act
    const usage = START_COMMAND.usage();
    // Assess
    for (const flag of [...Object.keys(START_OPTIONS), 'help']) expect(usage).toContain(`--${flag}`);
  });
});
