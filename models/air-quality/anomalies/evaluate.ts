import {
  ANOMALY_KINDS,
  AnomalyFeed,
  type AnomalyKind,
  DEFAULT_DETECTOR_SETTINGS,
  type DetectorSettings,
  type SensorLocation,
  type StepVerdict,
} from '../../../functions/lib/air-anomalies/index.js';
import { loadDailyReadings, loadStations } from '../train/data.js';
import { sameValueRepeated, trailingZScore } from './baselines.js';
import { type EvalReading, type InjectedEvent, injectFaults } from './inject.js';

/** What one detector flagged, reading by reading (same order as the evaluation stream). */
interface Flags {
  name: string;
  flagged: boolean[];
  /** The kind each flag named, where the detector names one. */
  kinds?: (AnomalyKind | null)[];
}

/** Per-kind event recall and the false-alarm rate on clean readings. */
export interface Scores {
  name: string;
  recall: Record<AnomalyKind, { found: number; events: number; kindRight: number }>;
  falseAlarms: number;
  clean: number;
}

export interface EvaluationOptions {
  year: number;
  /** Injection seeds: each gives one stream; the scores are pooled over them. */
  seeds: readonly number[];
  settings?: Partial<DetectorSettings> | undefined;
}

/**
 * The reproducible evaluation: per seed, the year before `year` streams clean (warm-up, not
 * scored), then `year` with faults injected (inject.ts); tandem's detector and two baselines
 * see the same stream; events and clean readings are pooled over the seeds.
 */
export function evaluateAnomalies(options: EvaluationOptions): {
  scores: Scores[];
  events: InjectedEvent[];
  readings: number;
} {
  const all = loadDailyReadings().filter((r) => {
    const y = new Date(r.day * 86_400_000).getUTCFullYear();
    return y === options.year || y === options.year - 1;
  });
  const locations = sensorLocations();
  const settings = { ...DEFAULT_DETECTOR_SETTINGS, ...options.settings };
  let pooled: Scores[] = [];
  const events: InjectedEvent[] = [];
  let scoredReadings = 0;
  for (const seed of options.seeds) {
    const run = injectFaults(all, options.year, seed);
    const scored = run.readings.map((r) => new Date(r.day * 86_400_000).getUTCFullYear() === options.year);

    const feed = new AnomalyFeed(locations, settings);
    const verdicts: StepVerdict[] = [];
    for (const r of run.readings) verdicts.push(...feed.add({ sensor: r.station, step: r.day, value: r.pm10 }));
    verdicts.push(...feed.close());
    verdicts.sort((a, b) => a.sequence - b.sequence);
    const tandem: Flags = {
      name: "tandem (neighbours' median, CUSUM, run surprise)",
      flagged: verdicts.map((v) => v.verdict.anomaly),
      kinds: verdicts.map((v) => v.verdict.kind),
    };
    const baselines = [trailingZScore(30, 3), sameValueRepeated(3)].map((d) => ({
      name: d.name,
      flagged: run.readings.map((r) => d.check(r.station, r.pm10)),
    }));
    const scores = [tandem, ...baselines].map((f) => score(f, run.readings, scored, run.events));
    pooled = pooled.length === 0 ? scores : pooled.map((p, i) => addScores(p, scores[i] as Scores));
    events.push(...run.events);
    scoredReadings += scored.filter(Boolean).length;
  }
  return { scores: pooled, events, readings: scoredReadings };
}

function addScores(a: Scores, b: Scores): Scores {
  const recall = structuredClone(a.recall);
  for (const kind of Object.values(ANOMALY_KINDS)) {
    recall[kind].found += b.recall[kind].found;
    recall[kind].events += b.recall[kind].events;
    recall[kind].kindRight += b.recall[kind].kindRight;
  }
  return { name: a.name, recall, falseAlarms: a.falseAlarms + b.falseAlarms, clean: a.clean + b.clean };
}

function score(flags: Flags, readings: EvalReading[], scored: boolean[], events: InjectedEvent[]): Scores {
  const found = new Set<number>();
  const kindRight = new Set<number>();
  let falseAlarms = 0;
  let clean = 0;
  readings.forEach((r, i) => {
    if (!scored[i]) return;
    if (r.event === -1) {
      clean++;
      if (flags.flagged[i]) falseAlarms++;
    } else if (flags.flagged[i]) {
      found.add(r.event);
      if (flags.kinds?.[i] === (events[r.event] as InjectedEvent).kind) kindRight.add(r.event);
    }
  });
  const recall = Object.fromEntries(
    Object.values(ANOMALY_KINDS).map((kind) => [kind, { found: 0, events: 0, kindRight: 0 }]),
  ) as Scores['recall'];
  events.forEach((e, id) => {
    const row = recall[e.kind];
    row.events++;
    if (found.has(id)) row.found++;
    if (kindRight.has(id)) row.kindRight++;
  });
  return { name: flags.name, recall, falseAlarms, clean };
}

/** The evaluation as a Markdown table, as the README shows it. */
export function formatScores(scores: Scores[]): string {
  const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(2)} %`);
  const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
  const kinds = Object.values(ANOMALY_KINDS);
  const lines = [
    `| detector | ${kinds.map((k) => `${k} recall`).join(' | ')} | false alarms (clean readings) |`,
    `|---|${kinds.map(() => '---:').join('|')}|---:|`,
  ];
  for (const s of scores) {
    const cells = kinds.map((k) => {
      const r = s.recall[k];
      return `${ratio(r.found, r.events)} (${r.found}/${r.events})`;
    });
    lines.push(`| ${s.name} | ${cells.join(' | ')} | ${pct(s.falseAlarms, s.clean)} (${s.falseAlarms}/${s.clean}) |`);
  }
  return lines.join('\n');
}

/** Station coordinates from the shipped station table. */
export function sensorLocations(): Map<string, SensorLocation> {
  const out = new Map<string, SensorLocation>();
  for (const [id, info] of loadStations()) {
    if (info.lon !== undefined && info.lat !== undefined) out.set(id, { lon: info.lon, lat: info.lat });
  }
  return out;
}
