import { describe, expect, it } from 'vitest';
import { progressTable, startProgressBoard } from '../../../infra/local/progress.js';
import type { TriggerReport } from '../../../infra/local/runtime.js';

/** A stream that keeps what is written to it. */
function capture(columns = 200) {
  const chunks: string[] = [];
  return {
    chunks,
    text: () => chunks.join(''),
    stream: {
      isTTY: true,
      columns,
      write: (chunk: string | Uint8Array) => {
        chunks.push(String(chunk));
        return true;
      },
    },
  };
}

const report: TriggerReport = {
  trigger: 'score-feedback',
  topic: 'feedback',
  function: 'feedback-scorer',
  produced: 120,
  backlog: 0,
  processed: 110,
  deadLettered: 4,
  deadLetteredByReason: { invalid: 4 },
  filtered: 0,
  lost: 0,
  lag: 6,
  inFlight: 1,
};

describe('progress board', () => {
  it('redraws the table in place on a terminal and prints log lines, made safe, above it', () => {
    // Prepare
    const out = capture();
    const log = capture();
    const board = startProgressBoard({
      table: () => ['[12:00:00]', '  row'],
      out: out.stream,
      log: log.stream,
      interactive: true,
      intervalMs: 60_000,
    });

    // Act
    board.draw();
    board.draw();
    board.print('[slack local/negative-feedback] hi\x1b[2J');
    board.stop();
    board.print('[esm score-feedback] event source mapping stopped');

    // Assess
    expect(out.chunks).toEqual([
      '[12:00:00]\n  row\n',
      '\x1b[2A\x1b[J',
      '[12:00:00]\n  row\n',
      '\x1b[2A\x1b[J',
      '[12:00:00]\n  row\n',
    ]);
    expect(log.text()).toBe(
      '[slack local/negative-feedback] hi\\u001b[2J\n[esm score-feedback] event source mapping stopped\n',
    );
  });

  it('prints the whole table each time when piped, and nothing before the runtime is up', () => {
    // Prepare
    const out = capture();
    let rows: string[] = [];
    const board = startProgressBoard({
      table: () => rows,
      out: out.stream,
      log: capture().stream,
      interactive: false,
      intervalMs: 60_000,
    });

    // Act
    board.draw();
    rows = ['[12:00:00]', '  row'];
    board.draw();
    board.draw();
    board.stop();

    // Assess
    expect(out.text()).toBe('[12:00:00]\n  row\n[12:00:00]\n  row\n');
  });

  it('ends the table with a one-line Slack counter', () => {
    // Act
    const lines = progressTable(
      [report],
      { accepted: 3, acceptedByHook: new Map([['local/negative-feedback', 3]]), refused: 1 },
      { at: new Date('2026-12-05T12:00:00Z'), slackFile: '.tandem/slack.jsonl', verbose: false },
    );

    // Assess
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('[12:00:00]');
    expect(lines[1]).toMatch(
      /^ {2}score-feedback +produced +120 +processed +110 +dead-lettered +4 +filtered +0 +lag +6$/,
    );
    expect(lines[2]).toMatch(
      /^ {2}slack +3 posts \(local\/negative-feedback 3\), 1 refused in \.tandem\/slack\.jsonl \(--verbose prints them\)$/,
    );
  });
});
