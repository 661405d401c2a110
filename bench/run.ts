import { parseArgs } from 'node:util';

// `npm run bench [-- --only broker]`: every benchmark prints a table of measured figures beside its baseline.
const suites: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  aqi: () => import('./aqi.js'),
  archiver: () => import('./archiver.js'),
  broker: () => import('./broker.js'),
  emulator: () => import('./emulator.js'),
  feedback: () => import('./feedback.js'),
  'package-size': () => import('./package-size.js'),
  parquet: () => import('./parquet.js'),
  sentiment: () => import('./sentiment.js'),
  windows: () => import('./windows.js'),
};

const { values } = parseArgs({ options: { only: { type: 'string' } } });
for (const [name, load] of Object.entries(suites)) {
  if (values.only && values.only !== name) continue;
  const suite = await load();
  await suite.run();
}
