import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard, type DashboardFiles } from '../../dashboard/build.js';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('buildDashboard', () => {
  let files: DashboardFiles;
  let outDir: string;
  beforeAll(async () => {
    files = await buildDashboard();
    outDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-dashboard-'));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('builds index.html that refers to hashed script and styles held in the same file map', () => {
    // Act
    const html = text(files.get('index.html'));
    const script = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
    const styles = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];

    // Assess
    expect(script).toMatch(/^app-[A-Z0-9]+\.js$/);
    expect(styles).toMatch(/^styles-[A-Z0-9]+\.css$/);
    expect(files.has(script!)).toBe(true);
    expect(files.has(styles!)).toBe(true);
    expect(files.has(`${script}.map`)).toBe(true);
    expect(text(files.get(script!))).toContain(`sourceMappingURL=${script}.map`);
  });

  it('bundles Chart.js minified and refers to nothing outside the page', () => {
    // Act
    const script = [...files.keys()].find((name) => name.endsWith('.js'))!;
    const code = text(files.get(script));
    const html = text(files.get('index.html'));

    // Assess
    expect(code).toContain('Chart.js v4.5.1');
    expect(code).not.toMatch(/^\s*import\s/m);
    // Minified: far fewer lines than Chart.js's own 11,000-line ES module.
    expect(code.split('\n').length).toBeLessThan(200);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(text(files.get(styles(files)))).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//);
  });

  it('writes config.json with a same-origin API by default, or the base URL it is given', async () => {
    // Act
    const custom = await buildDashboard({ config: { apiBaseUrl: 'https://api.example.com/prod/' }, sourcemap: false });

    // Assess
    expect(JSON.parse(text(files.get('config.json')))).toEqual({ apiBaseUrl: '', refreshSeconds: 10, auth: 'none' });
    expect(JSON.parse(text(custom.get('config.json')))).toEqual({
      apiBaseUrl: 'https://api.example.com/prod',
      refreshSeconds: 10,
      auth: 'none',
    });
    expect([...custom.keys()].some((name) => name.endsWith('.map'))).toBe(false);
  });

  it('refuses a config the page would refuse', async () => {
    // Act
    const built = buildDashboard({ config: { apiBaseUrl: 'javascript:alert(1)' } });

    // Assess
    await expect(built).rejects.toThrow(/apiBaseUrl/);
  });

  it('writes the files to a directory, replacing an earlier build but no other file', async () => {
    // Prepare
    await writeFile(path.join(outDir, 'app-OLDHASH1.js'), 'old');
    await writeFile(path.join(outDir, 'app-OLDHASH1.js.map'), 'old');
    await writeFile(path.join(outDir, 'keep.txt'), 'mine');

    // Act
    const written = await buildDashboard({ outDir });

    // Assess
    expect((await readdir(outDir)).sort()).toEqual([...written.keys(), 'keep.txt'].sort());
    expect(await readFile(path.join(outDir, 'index.html'))).toEqual(Buffer.from(written.get('index.html')!));
  });
});

function styles(files: DashboardFiles): string {
  return [...files.keys()].find((name) => name.endsWith('.css'))!;
}
