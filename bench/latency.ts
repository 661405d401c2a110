import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pipeline } from '../infra/pipeline.js';
import { fmt, printTable } from './table.js';

/**
 * Produce-to-handler latency per trigger (p50, p99) through the whole local pipeline under the
 * demo producers, as `npm start`'s summary reports it: the pipeline as declared beside the same
 * pipeline with every scoring and counting trigger at Lambda's default Kafka batching window
 * (500 ms), in one run. Archive triggers wait out their 60 s window by design and are listed for
 * completeness.
 */
const SECONDS = 30;

/**
 * One measurement in a child process: handlers are imported once per process, like a warm
 * Lambda container, so their clients keep the first runtime's endpoints; each runtime needs a
 * process of its own.
 */
function measure(defaultWindows: boolean): Promise<Map<string, { p50: number; p99: number; processed: number }>> {
  const script = fileURLToPath(new URL('./latency-run.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--no-experimental-require-module', '--import', 'tsx', script, String(SECONDS), String(defaultWindows)],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`latency run exited ${code}`));
      else
        resolve(
          new Map(Object.entries(JSON.parse(line) as Record<string, { p50: number; p99: number; processed: number }>)),
        );
    });
  });
}

export async function run(): Promise<void> {
  const declared = await measure(false);
  const baseline = await measure(true);
  printTable(
    `Produce → handler done per trigger, ${SECONDS} s of demo traffic: as declared vs every non-archive trigger at the 500 ms default window`,
    pipeline.triggers.map((t) => {
      const d = declared.get(t.name);
      const b = baseline.get(t.name);
      return {
        trigger: t.name,
        'window (declared)': `${fmt(t.batchingWindowMs)} ms`,
        'p50 ms': fmt(d?.p50 ?? 0),
        'p99 ms': fmt(d?.p99 ?? 0),
        'p50 ms at 500 ms': t.function === 'archiver' ? '—' : fmt(b?.p50 ?? 0),
        'p99 ms at 500 ms': t.function === 'archiver' ? '—' : fmt(b?.p99 ?? 0),
        records: fmt(d?.processed ?? 0),
      };
    }),
  );
}
