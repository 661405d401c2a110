import { vi } from 'vitest';

/** What Powertools wrote to stdout and stderr while capturing: JSON log lines and EMF documents. */
export interface CapturedOutput {
  /** Every line that parsed as JSON, in order. */
  json(): Record<string, unknown>[];
  /** EMF documents (lines with an `_aws` member). */
  emf(): Record<string, unknown>[];
  /** Log lines (JSON lines without `_aws`). */
  logs(): Record<string, unknown>[];
  /** Stops capturing. */
  restore(): void;
}

/**
 * Captures process.stdout and process.stderr, which Powertools writes to through its own
 * Console: EMF and INFO/DEBUG logs to stdout, WARN/ERROR logs to stderr.
 */
export function captureStdout(): CapturedOutput {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  const json = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    json,
    emf: () => json().filter((line) => '_aws' in line),
    logs: () => json().filter((line) => !('_aws' in line)),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
