import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | undefined;

/**
 * Bytes of JavaScript heap in use right after a full garbage collection: what a run keeps, not
 * what it has not yet collected. Needs no `--expose-gc`: the flag is set at run time and `gc`
 * taken from a fresh context, where V8 installs it.
 */
export function heapAfterGc(): number {
  collect ??=
    (globalThis as { gc?: () => void }).gc ??
    (() => {
      v8.setFlagsFromString('--expose-gc');
      return vm.runInNewContext('gc') as () => void;
    })();
  collect();
  return process.memoryUsage().heapUsed;
}
