import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exitWithUsage, parseCommandLine } from '../../bin/command-line.js';
import { OPEN_METEO_AIR_URL_ENV, OPEN_METEO_FORECAST_URL_ENV } from '../../functions/air-poller/config.js';
import { BLUESKY_JETSTREAM_URL_ENV } from '../../functions/bluesky-relay/config.js';
import { WIKIMEDIA_STREAM_URL_ENV } from '../../functions/wiki-relay/config.js';
import { X_API_URL_ENV } from '../../functions/x-relay/config.js';
import { pipeline } from '../pipeline.js';
import { progressTable, startProgressBoard } from './progress.js';
import type { LocalRuntime, RunSummary } from './runtime.js';
import { localSecretPath } from './secrets.js';
import { START_COMMAND } from './start-command.js';

// `npm start -- [options]`: the flags and their help are in start-command.ts.
const { values } = parseCommandLine(START_COMMAND);

const number = (flag: string, v: string | undefined, min: number, max: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    exitWithUsage(START_COMMAND, `--${flag} must be a number ${min}..${max}, got ${JSON.stringify(v)}`);
  }
  return n;
};
const duration = number('duration', values.duration, 1, 7 * 86_400);
const rate = number('rate', values.rate, 0.1, 1_000_000);
const kafkaPort = number('kafka-port', values['kafka-port'], 0, 65_535);
const apiPort = number('api-port', values['api-port'], 0, 65_535);
const drainTimeout = number('drain-timeout', values['drain-timeout'], 0, 3_600) ?? 60;

const schedules = [...values.schedule];
const environment: Record<string, string> = {};
for (const name of schedules) {
  if (!pipeline.schedules.some((s) => s.name === name)) {
    exitWithUsage(
      START_COMMAND,
      `--schedule: no schedule named "${name}" in pipeline.ts (declared: ${allSchedules()})`,
    );
  }
}
if (values['wiki-stream'] !== undefined) {
  const url = URL.canParse(values['wiki-stream']) ? new URL(values['wiki-stream']) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    exitWithUsage(START_COMMAND, `--wiki-stream must be an http(s) URL, got ${JSON.stringify(values['wiki-stream'])}`);
  }
  environment[WIKIMEDIA_STREAM_URL_ENV] = url.href;
  // The relay's schedule is whichever runs a function that reads the stream URL: pipeline.ts names it once.
  for (const s of pipeline.schedules)
    if (WIKIMEDIA_STREAM_URL_ENV in (pipeline.functions[s.function]?.environment ?? {}) && !schedules.includes(s.name))
      schedules.push(s.name);
}
// The air poller's Open-Meteo URLs may come from the shell, to point `--schedule air-poller` at a
// local stand-in instead of the internet.
for (const name of [OPEN_METEO_AIR_URL_ENV, OPEN_METEO_FORECAST_URL_ENV]) {
  const value = process.env[name];
  if (value) environment[name] = value;
}

relayFlag('x-api-url', X_API_URL_ENV, ['http:', 'https:']);
relayFlag('jetstream-url', BLUESKY_JETSTREAM_URL_ENV, ['ws:', 'wss:']);

// The local runtime runs on the machine's Node.js (20 is fine); Lambda runs 22. The SDK's notice about
// its future Node 22 requirement would only repeat that on every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const interactive = process.stdout.isTTY === true;
let runtime: LocalRuntime | undefined;
const board = startProgressBoard({
  table: () =>
    runtime
      ? progressTable(runtime.reports(), runtime.slack, {
          at: new Date(),
          slackFile: path.join(values['data-dir'], 'slack.jsonl'),
          verbose: values.verbose,
        })
      : [],
  out: process.stdout,
  log: process.stderr,
  interactive,
  intervalMs: interactive ? 2_000 : 15_000,
});
// Each mapping's start and stop is one line per trigger: routine, so only with --verbose.
const ROUTINE = /^\[esm [^\]]+\] event source mapping (started|stopped)$/;
const log = (m: string) => {
  if (!values.verbose && ROUTINE.test(m)) return;
  board.print(m);
};

// Loaded after the flags are read, so --help and a wrong flag answer without loading every handler.
const { startLocalRuntime } = await import('./runtime.js');
runtime = await startLocalRuntime({
  pipeline,
  dataDir: values['data-dir'],
  reset: values.reset,
  demo: !values['no-demo'],
  ...(rate !== undefined ? { rate } : {}),
  ...(kafkaPort !== undefined ? { kafkaPort } : {}),
  ...(apiPort !== undefined ? { apiPort } : {}),
  schedules,
  environment,
  log,
  ...(values.verbose
    ? { onSlackPost: (post) => log(`[slack ${post.hook}] ${String(post.body.text ?? '').slice(0, 160)}`) }
    : {}),
});

process.stdout.write(
  [
    'tandem is running locally',
    `  kafka      ${runtime.bootstrap}`,
    `  dynamodb   ${runtime.endpoints.dynamodb}`,
    `  s3         ${runtime.endpoints.s3}`,
    `  slack sink ${runtime.slackUrl} (posts in ${values['data-dir']}/slack.jsonl)`,
    ...(runtime.secrets['slack-signing-secret']
      ? [
          `  slack signing secret for POST /v1/slack/events and /v1/slack/interactivity in ${localSecretPath(values['data-dir'], 'slack-signing-secret')}`,
        ]
      : []),
    ...(runtime.apiUrl ? [`  api        ${runtime.apiUrl}`] : []),
    ...(runtime.dashboardUrl ? [`  dashboard  ${runtime.dashboardUrl}`] : []),
    ...schedules.map((name) => `  schedule   ${name} on`),
    ...(environment[WIKIMEDIA_STREAM_URL_ENV] ? [`  wikimedia  ${environment[WIKIMEDIA_STREAM_URL_ENV]}`] : []),
    ...(environment[X_API_URL_ENV] ? [`  x api      ${environment[X_API_URL_ENV]}`] : []),
    ...(environment[BLUESKY_JETSTREAM_URL_ENV] ? [`  jetstream  ${environment[BLUESKY_JETSTREAM_URL_ENV]}`] : []),
    `  ${values['no-demo'] ? 'no demo producers' : 'demo producers on'}; ${duration ? `stopping after ${duration} s` : 'Ctrl-C to stop'}`,
    '',
  ].join('\n'),
);

let stopping: Promise<void> | undefined;
const stop = (reason: string) => {
  stopping ??= (async () => {
    // The last counts before draining, also for a run shorter than the table's interval.
    board.draw();
    board.stop();
    process.stdout.write(`\nstopping (${reason}): draining triggers for up to ${drainTimeout} s…\n`);
    const drained = await runtime.drain(drainTimeout * 1000);
    if (!drained)
      process.stdout.write('drain timed out: some records stay uncommitted and will be reprocessed next run\n');
    const summary = await runtime.summary();
    await runtime.stop();
    printSummary(summary);
    if (values['summary-json']) await writeFile(values['summary-json'], `${JSON.stringify(summary, null, 2)}\n`);
    process.exitCode = summary.reconciled ? 0 : 1;
  })();
  return stopping;
};

if (duration) setTimeout(() => void stop(`--duration ${duration}`), duration * 1000);
process.on('SIGINT', () => {
  if (stopping) process.exit(130);
  void stop('Ctrl-C');
});
process.on('SIGTERM', () => void stop('SIGTERM'));

/**
 * Points a relay at another server, as `--wiki-stream` does: sets the URL variable its function
 * declares and turns on the schedule that runs it.
 */
function relayFlag(flag: 'x-api-url' | 'jetstream-url', env: string, protocols: string[]): void {
  const value = values[flag];
  if (value === undefined) return;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !protocols.includes(url.protocol)) {
    exitWithUsage(
      START_COMMAND,
      `--${flag} must be a ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL, got ${JSON.stringify(value)}`,
    );
  }
  // The X API URL is a base: `https://api.x.com`, not `https://api.x.com/`.
  environment[env] = flag === 'x-api-url' ? url.href.replace(/\/+$/, '') : url.href;
  for (const s of pipeline.schedules)
    if (env in (pipeline.functions[s.function]?.environment ?? {}) && !schedules.includes(s.name))
      schedules.push(s.name);
}

function allSchedules(): string {
  return pipeline.schedules.map((s) => s.name).join(', ');
}

function printSummary(s: RunSummary): void {
  const triggers = Object.values(s.byTopic).flatMap((t) => Object.values(t.triggers));
  const broken = triggers.filter((r) => !r.reconciled).map((r) => r.trigger);
  const reasons = (byReason: Record<string, number>) =>
    Object.keys(byReason).length === 0
      ? ''
      : ` (${Object.entries(byReason)
          .map(([reason, n]) => `${reason} ${n}`)
          .join(', ')})`;
  const leftOut = (r: (typeof triggers)[number]) =>
    r.leftOutOfCounts === undefined
      ? []
      : [
          `      left out of counts: ${Object.entries(r.leftOutOfCounts)
            .map(([metric, n]) => `${metric} late ${n.late}, future ${n.future}`)
            .join('; ')}`,
        ];
  process.stdout.write(
    [
      '',
      'summary',
      `  ${s.produced} records produced this run, ${s.backlog} waiting from before, over ${Object.keys(s.byTopic).length} topics and ${triggers.length} triggers`,
      `  reconciliation, every trigger (produced + backlog = processed + dead-lettered + filtered): ${broken.length === 0 ? 'holds' : `BROKEN for ${broken.join(', ')}`}`,
      `  archived ${s.archivedRecords} records in ${s.archivedFiles} Parquet files`,
      `  Slack notifications: ${s.notifications.negative} negative, ${s.notifications.positive} positive, ${s.notifications.sensor} sensor alerts`,
      `  latency produce → handler done, all triggers: p50 ${s.p50LatencyMs} ms, p99 ${s.p99LatencyMs} ms`,
      ...Object.entries(s.byTopic).flatMap(([topic, t]) => {
        const backlog = Object.values(t.triggers)[0]?.backlog ?? 0;
        return [
          `  ${topic}: produced ${t.produced}${backlog > 0 ? `, backlog ${backlog}` : ''}`,
          ...Object.values(t.triggers).flatMap((r) => [
            `    ${r.trigger}: processed ${r.processed}, dead-lettered ${r.deadLettered}${reasons(r.deadLetteredByReason)}, filtered ${r.filtered}${r.lost ? `, LOST ${r.lost}` : ''}${r.backlog !== backlog ? `, backlog ${r.backlog}` : ''} ${r.reconciled ? 'ok' : 'MISMATCH'}; latency p50 ${r.p50LatencyMs} ms, p99 ${r.p99LatencyMs} ms`,
            ...leftOut(r),
          ]),
        ];
      }),
      '',
    ].join('\n'),
  );
}
