import { exitWithUsage, parseCommandLine } from '../bin/command-line.js';

// `npm run bench [-- --only broker]`: every benchmark prints a table of measured figures beside its baseline.
const suites: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  air: () => import('./air.js'),
  'air-forecast': () => import('./air-forecast.js'),
  aqi: () => import('./aqi.js'),
  archiver: () => import('./archiver.js'),
  compaction: () => import('./compaction.js'),
  broker: () => import('./broker.js'),
  emulator: () => import('./emulator.js'),
  feedback: () => import('./feedback.js'),
  latency: () => import('./latency.js'),
  'package-size': () => import('./package-size.js'),
  parquet: () => import('./parquet.js'),
  sentiment: () => import('./sentiment.js'),
  windows: () => import('./windows.js'),
};

const command = {
  name: 'npm run bench',
  usage: [
    'tandem benchmarks: each suite prints Markdown tables of measured figures beside its baseline',
    '',
    'usage: npm run bench -- [options]',
    '  --only SUITE        run one suite (default: all, in this order)',
    `                      suites: ${Object.keys(suites).join(', ')}`,
    '',
  ].join('\n'),
  options: { only: { type: 'string' } },
} as const;

const { values } = parseCommandLine(command);
if (values.only !== undefined && !Object.hasOwn(suites, values.only)) {
  exitWithUsage(command, `no suite named ${JSON.stringify(values.only)} (suites: ${Object.keys(suites).join(', ')})`);
}
for (const [name, load] of Object.entries(suites)) {
  if (values.only && values.only !== name) continue;
  const suite = await load();
  await suite.run();
}
