import { parseArgs } from 'node:util';
import { startBroker } from './broker.js';

// `npm run broker -- [--port 9092] [--data-dir .tandem/kafka] [--partitions 3] [--in-memory]`
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9092' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.tandem/kafka' },
    partitions: { type: 'string', default: '3' },
    'in-memory': { type: 'boolean', default: false },
    'no-auto-create': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    [
      'tandem embedded Kafka-protocol broker (development and tests; production uses Amazon MSK)',
      '',
      'usage: npm run broker -- [options]',
      '  --port N            TCP port (default 9092, 0 = any free port)',
      '  --host H            interface to listen on (default 127.0.0.1)',
      '  --data-dir DIR      log and offsets directory (default .tandem/kafka)',
      '  --partitions N      partitions of auto-created topics (default 3)',
      '  --in-memory         keep nothing on disk',
      '  --no-auto-create    do not create topics on first use',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const port = Number(values.port);
const partitions = Number(values.partitions);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, got ${values.port}`);
if (!Number.isInteger(partitions) || partitions < 1)
  fail(`--partitions must be a positive integer, got ${values.partitions}`);

const broker = await startBroker({
  port,
  host: values.host,
  dataDir: values['data-dir'],
  inMemory: values['in-memory'],
  defaultPartitions: partitions,
  autoCreateTopics: !values['no-auto-create'],
  log: (m) => process.stderr.write(`[broker] ${m}\n`),
});
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

function fail(message: string): never {
  process.stderr.write(`broker: ${message}\n`);
  process.exit(2);
}
