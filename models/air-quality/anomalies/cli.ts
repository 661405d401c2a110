import { exitWithUsage, parseCommandLine } from '../../../bin/command-line.js';
import {
  ANOMALY_KINDS,
  DEFAULT_DETECTOR_SETTINGS,
  type DetectorSettings,
} from '../../../functions/lib/air-anomalies/index.js';
import { evaluateAnomalies, formatScores } from './evaluate.js';
import { FAULTS } from './inject.js';

const USAGE = `usage: npm run eval -- anomalies [--year <YYYY>] [--seed <n>] [--repeats <n>] [--settings <json>]

injects spikes, stuck runs and drifts into one year of the shared German PM10 data (the year
before it streams clean as warm-up), runs tandem's sensor anomaly detector and two baselines
over it, and prints per-kind event recall and the false-alarm rate on clean readings

  --year YYYY       the year faults are injected into and scored (default 2008, held out;
                    settings were chosen on 2007)
  --seed N          the first injection seed (default 1)
  --repeats N       run this many seeds from --seed on and pool their events and clean readings
                    (default 5)
  --settings JSON   detector settings to override, e.g. '{"spikeZ":4.5}' (for tuning)
`;

const command = { name: 'npm run eval -- anomalies', usage: USAGE } as const;
const { values } = parseCommandLine({
  ...command,
  options: {
    year: { type: 'string', default: '2008' },
    seed: { type: 'string', default: '1' },
    repeats: { type: 'string', default: '5' },
    settings: { type: 'string' },
  },
});
const year = Number(values.year);
const seed = Number(values.seed);
if (!Number.isInteger(year) || year < 1999 || year > 2008) exitWithUsage(command, '--year must be 1999…2008');
if (!Number.isInteger(seed)) exitWithUsage(command, '--seed must be an integer');
const repeats = Number(values.repeats);
if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) exitWithUsage(command, '--repeats must be 1…100');
const seeds = Array.from({ length: repeats }, (_, i) => seed + i);
let settings: Partial<DetectorSettings> | undefined;
if (values.settings !== undefined) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(values.settings);
  } catch {
    exitWithUsage(command, '--settings must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    exitWithUsage(command, '--settings must be a JSON object');
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in DEFAULT_DETECTOR_SETTINGS))
      exitWithUsage(
        command,
        `--settings: unknown setting ${JSON.stringify(key)}; known: ${Object.keys(DEFAULT_DETECTOR_SETTINGS).join(', ')}`,
      );
    if (typeof value !== 'number' || !Number.isFinite(value))
      exitWithUsage(command, `--settings: ${key} must be a finite number`);
  }
  settings = parsed as Partial<DetectorSettings>;
}

const { scores, events, readings } = evaluateAnomalies({ year, seeds, settings });
const count = (k: string) => events.filter((e) => e.kind === k).length;
process.stdout.write(
  `Sensor anomaly detection on ${year} (warm-up ${year - 1}, ${repeats === 1 ? `seed ${seed}` : `seeds ${seed}–${seed + repeats - 1}, pooled`}): ${readings} station-days scored, ` +
    `${events.length} injected faults (${Object.values(ANOMALY_KINDS)
      .map((k) => `${count(k)} ${k}`)
      .join(
        ', ',
      )}): spikes ×${FAULTS.spikeFactor.join('–')}, stuck runs of ${FAULTS.stuckReadings.join('–')} readings, ` +
    `drifts of +${FAULTS.driftPerDay} µg/m³ per day for ${FAULTS.driftDays} days.\n\n${formatScores(scores)}\n\n` +
    `tandem names the right kind on: ${Object.values(ANOMALY_KINDS)
      .map((k) => {
        const r = (scores[0] as (typeof scores)[number]).recall[k];
        return `${k} ${r.kindRight}/${r.events}`;
      })
      .join(', ')} events.\n`,
);
