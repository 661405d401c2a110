import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runSoak, SOAK_TABLE_HEADER, soakRow, soakVerdict } from './soak.js';

// `npm run soak -- --minutes M --rate R [--sample-seconds S] [--max-slope MB] [--data-dir DIR]`
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '15' },
    rate: { type: 'string', default: '50' },
    'sample-seconds': { type: 'string', default: '30' },
    'max-slope': { type: 'string' },
    'data-dir': { type: 'string', default: path.join(os.tmpdir(), 'tandem-soak') },
  },
});

const number = (flag: string, v: string | undefined, min: number, max: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) {
    process.stderr.write(`--${flag} must be a number ${min}..${max}, got "${v}"\n`);
    process.exit(2);
  }
  return n;
};
const minutes = number('minutes', values.minutes, 0.1, 24 * 60) as number;
const rate = number('rate', values.rate, 0.1, 100_000) as number;
const sampleSeconds = number('sample-seconds', values['sample-seconds'], 1, 3_600) as number;
const maxSlope = number('max-slope', values['max-slope'], 0, 1_000_000);

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Handlers' warnings (a Slack post deferred on a loaded machine) would break up the table.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.stdout.write(
  `soak: ${minutes} min at ${rate} records/s per topic, a sample every ${sampleSeconds} s, state in ${values['data-dir']}\n\n${SOAK_TABLE_HEADER.join('\n')}\n`,
);
const result = await runSoak({
  minutes,
  rate,
  sampleSeconds,
  dataDir: values['data-dir'],
  ...(maxSlope !== undefined ? { maxSlopeMbPerHour: maxSlope } : {}),
  onSample: (sample) => process.stdout.write(`${soakRow(sample)}\n`),
});
process.stdout.write(`${soakVerdict(result).join('\n')}\n`);
process.exitCode = result.trend.growing || !result.summary.reconciled || !result.drained ? 1 : 0;
