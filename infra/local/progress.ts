import type { TriggerReport } from './runtime.js';
import type { SlackSink } from './services/slack-sink.js';
import { terminalText } from './terminal-text.js';

/**
 * What `npm start` shows while it runs: one progress table (a row per trigger and a one-line
 * Slack counter) and, above it, the log lines. On a terminal the table is redrawn in place,
 * so the screen holds one table however long the run; piped, it is printed every interval.
 * Every line printed through `print` goes through `terminalText`, since log lines quote
 * record contents and Slack posts.
 */
export interface ProgressBoard {
  /** Prints a log line above the table. */
  print(line: string): void;
  /** Draws the table now (the interval does it too). */
  draw(): void;
  /** Stops redrawing; the last table stays on screen. */
  stop(): void;
}

/** A stream as `process.stdout` is: a terminal has `isTTY` and `columns`. */
type Output = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean; columns?: number };

export interface ProgressBoardOptions {
  /** The table's lines; none before the runtime is up. */
  table: () => string[];
  /** Where the table goes (stdout). */
  out: Output;
  /** Where log lines go (stderr). */
  log: Output;
  /** Redraw in place (a terminal) or print a table each interval (a pipe or file). */
  interactive: boolean;
  intervalMs: number;
}

export function startProgressBoard(options: ProgressBoardOptions): ProgressBoard {
  const { out, log, interactive } = options;
  // Lines of the table on screen below the cursor, which the next draw replaces.
  let drawn = 0;
  // Once stopped, the last table stays where it is and log lines follow it.
  let live = true;
  const erase = () => {
    if (drawn > 0) out.write(`\x1b[${drawn}A\x1b[J`);
    drawn = 0;
  };
  const draw = () => {
    const lines = options.table();
    if (lines.length === 0) return;
    if (!interactive) {
      out.write(`${lines.join('\n')}\n`);
      return;
    }
    // A line wider than the terminal wraps, and the cursor would no longer find the table's top.
    const width = Math.max(20, (out.columns ?? 120) - 1);
    erase();
    out.write(`${lines.map((line) => line.slice(0, width)).join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, options.intervalMs);
  timer.unref();
  return {
    print(line) {
      if (interactive && live) erase();
      log.write(`${terminalText(line)}\n`);
      if (interactive && live) draw();
    },
    draw,
    stop() {
      clearInterval(timer);
      live = false;
      drawn = 0;
    },
  };
}

/** The progress table: a time stamp, a row per trigger and the Slack sink's counter. */
export function progressTable(
  reports: readonly TriggerReport[],
  slack: Pick<SlackSink, 'accepted' | 'acceptedByHook' | 'refused'>,
  options: { at: Date; slackFile: string; verbose: boolean },
): string[] {
  const pad = (n: number, width: number) => String(n).padStart(width);
  const hooks = [...slack.acceptedByHook].map(([hook, n]) => `${terminalText(hook)} ${n}`).join(', ');
  return [
    `[${options.at.toISOString().slice(11, 19)}]`,
    ...reports.map(
      (r) =>
        `  ${r.trigger.padEnd(26)} produced ${pad(r.produced, 7)}  processed ${pad(r.processed, 7)}  dead-lettered ${pad(r.deadLettered, 5)}  filtered ${pad(r.filtered, 5)}  lag ${pad(r.lag, 6)}`,
    ),
    `  ${'slack'.padEnd(26)} ${slack.accepted} posts${hooks ? ` (${hooks})` : ''}${slack.refused ? `, ${slack.refused} refused` : ''} in ${options.slackFile}${options.verbose ? '' : ' (--verbose prints them)'}`,
  ];
}
