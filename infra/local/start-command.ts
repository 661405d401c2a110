import { pipeline } from '../pipeline.js';
import { localSecretPath } from './secrets.js';

/**
 * The flags of `npm start` (infra/local/start.ts) and its usage text, apart from start.ts so a
 * test can hold README's flag table to them without starting anything.
 */
export const START_OPTIONS = {
  duration: { type: 'string' },
  rate: { type: 'string' },
  'no-demo': { type: 'boolean', default: false },
  'kafka-port': { type: 'string' },
  'api-port': { type: 'string' },
  reset: { type: 'boolean', default: false },
  'summary-json': { type: 'string' },
  'data-dir': { type: 'string', default: '.tandem' },
  'drain-timeout': { type: 'string', default: '60' },
  schedule: { type: 'string', multiple: true, default: [] as string[] },
  'wiki-stream': { type: 'string' },
  'x-api-url': { type: 'string' },
  'jetstream-url': { type: 'string' },
  verbose: { type: 'boolean', default: false },
} as const;

export const START_COMMAND = {
  name: 'npm start',
  options: START_OPTIONS,
  usage: (): string =>
    [
      'tandem local runtime: the whole pipeline on this machine (embedded broker, DynamoDB, S3, Slack sink)',
      '',
      'usage: npm start -- [options]',
      '  --duration S        stop after S seconds (default: until Ctrl-C)',
      '  --rate N            demo records per second per topic (default: as declared in pipeline.ts)',
      '  --no-demo           no demo producers; feed topics yourself (e.g. kcat -P -b 127.0.0.1:<kafka-port>)',
      '  --kafka-port P      fixed broker port (default: any free port)',
      '  --api-port P        fixed query API port (default: any free port)',
      '  --reset             wipe the state directory first',
      '  --summary-json F    write the run summary as JSON to F',
      '  --data-dir DIR      state directory (default .tandem)',
      '  --drain-timeout S   at exit, wait up to S seconds for triggers to catch up (default 60)',
      `  --schedule NAME     also run a schedule declared runsLocally: false (repeatable; ${offSchedules() || 'none declared'})`,
      '  --wiki-stream URL   relay this Wikimedia EventStreams URL into wiki-changes (turns on its schedule),',
      '                      e.g. https://stream.wikimedia.org/v2/stream/recentchange',
      '  --x-api-url URL     read X at this API base URL into feedback: recent search, or the filtered',
      '                      stream when xRelay.mode is stream (turns on its schedule;',
      `                      bearer token in ${localSecretPath('<data-dir>', 'x-bearer-token')}), e.g. https://api.x.com`,
      '  --jetstream-url URL read this Bluesky Jetstream into feedback (turns on its schedule),',
      '                      e.g. wss://jetstream2.us-east.bsky.network/subscribe',
      '  --verbose           also print each Slack post (they are always in <data-dir>/slack.jsonl)',
      '  -h, --help          print this help',
      '',
    ].join('\n'),
};

/** Schedules `npm start` leaves off unless asked, for the help text. */
function offSchedules(): string {
  return pipeline.schedules
    .filter((s) => s.runsLocally === false)
    .map((s) => s.name)
    .join(', ');
}
