import { exitWithUsage, parseCommandLine } from '../../../bin/command-line.js';
import { startBroker } from './broker.js';

// `npm run broker -- [--port 9092] [--data-dir .tandem/kafka] [--partitions 3] [--in-memory]`
const command = {
  name: 'npm run broker',
  usage: [
    'tandem embedded Kafka-protocol broker (development and tests; production uses Amazon MSK)',
    '',
    'usage: npm run broker -- [options]',
    '  --port N            TCP port (default 9092, 0 = any free port)',
    '  --host H            interface to listen on (default 127.0.0.1)',
    '  --data-dir DIR      log and offsets directory (default .tandem/kafka)',
    '  --partitions N      partitions of auto-created topics (default 3)',
    '  --in-memory         keep nothing on disk',
    '  --no-auto-create    do not create topics on first use',
    '  -h, --help          print this help',
    '',
  ].join('\n'),
  options: {
    port: { type: 'string', default: '9092' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.tandem/kafka' },
    partitions: { type: 'string', default: '3' },
    'in-memory': { type: 'boolean', default: false },
    'no-auto-create': { type: 'boolean', default: false },
  },
} as const;
const { values } = parseCommandLine(command);

const port = /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
const partitions = /^\d+$/.test(values.partitions) ? Number(values.partitions) : Number.NaN;
if (!(port >= 0 && port <= 65535))
  exitWithUsage(command, `--port must be 0..65535, got ${JSON.stringify(values.port)}`);
if (!(partitions >= 1 && partitions <= 10_000)) {
  exitWithUsage(command, `--partitions must be an integer 1..10000, got ${JSON.stringify(values.partitions)}`);
}

const broker = await startBroker({
  port,
  host: values.host,
  dataDir: values['data-dir'],
  inMemory: values['in-memory'],
  defaultPartitions: partitions,
  autoCreateTopics: !values['no-auto-create'],
  log: (m) => process.stderr.write(`[broker] ${m}\n`),
}).catch((error: Error) => fail(`cannot start: ${error.message}`));
process.stdout.write(
  `tandem broker listening; bootstrap ${broker.bootstrap}${values['in-memory'] ? ' (in memory)' : ` (data in ${values['data-dir']})`}\n`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    broker.close().then(
      () => process.exit(0),
      (err) => fail(String(err)),
    );
  });
}

/** A failure of the broker itself (the port is taken, the data directory unwritable): one line, exit 1. */
function fail(message: string): never {
  process.stderr.write(`broker: ${message}\n`);
  process.exit(1);
}
