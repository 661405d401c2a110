import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { encodeKafkaEvent, type KafkaRecordInput, type MskEvent } from '../functions/lib/kafka-event/index.js';

/** Measuring helpers the benchmarks share. */

const root = fileURLToPath(new URL('..', import.meta.url));

/** Fresh processes per cold-start figure: on a shared machine the least is the cost itself, the rest noise. */
export const COLD_RUNS = 5;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** One MSK event per batch of `size` records from `source`, as the event source mapping delivers it. */
export function mskEvents(source: (count: number) => KafkaRecordInput[], size: number, count: number): MskEvent[] {
  return Array.from({ length: count }, () =>
    encodeKafkaEvent({ bootstrapServers: 'b-1.tandem.local:9092', records: source(size) }),
  );
}

/**
 * The least milliseconds, over COLD_RUNS fresh Node.js processes run from the repo root, that
 * the ES module `script` prints. `loader` defaults to tsx (unbundled sources, as `npm start`
 * runs them); pass `[]` for a bundle.
 */
export function coldMs(script: string, options: { env?: NodeJS.ProcessEnv; loader?: readonly string[] } = {}): number {
  const loader = options.loader ?? ['--import', 'tsx'];
  const runs = Array.from({ length: COLD_RUNS }, () =>
    Number(
      execFileSync(
        process.execPath,
        ['--no-experimental-require-module', ...loader, '--input-type=module', '-e', script],
        { cwd: root, env: options.env ?? process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      ).trim(),
    ),
  );
  return Math.min(...runs);
}
