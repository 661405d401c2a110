import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  type LocalRuntime,
  type RunSummary,
  startLocalRuntime,
  type TriggerReport,
} from '../../infra/local/runtime.js';
import { pipeline } from '../../infra/pipeline.js';
import { fmt } from '../table.js';
import { heapAfterGc } from './heap.js';
import { DEFAULT_MAX_SLOPE_MB_PER_HOUR, type HeapTrend, heapTrend } from './trend.js';

/**
 * `npm run soak -- --minutes M --rate R`: the whole local pipeline (`npm start`'s runtime, in
 * this process) under the demo producers for M minutes, sampled every `sampleSeconds`: RSS, heap
 * after a full GC, consumer lag, event-loop delay and whether the counts reconcile so far. The
 * verdict is the heap's slope per hour (trend.ts); at the end the run drains and its summary
 * gives the reconciliation and the archive's objects per 1,000 records.
 */
export interface SoakOptions {
  minutes: number;
  /** Demo records per second per topic. */
  rate: number;
  /** State directory; wiped first. */
  dataDir: string;
  /** Seconds between samples (default 30). */
  sampleSeconds?: number;
  /** Heap growth tolerated, MB per hour (default 10). */
  maxSlopeMbPerHour?: number;
  /** Called with each sample as it is taken (the CLI prints it). */
  onSample?: (sample: SoakSample) => void;
}

export interface SoakSample {
  elapsedSeconds: number;
  /** Records produced so far, over every topic. */
  produced: number;
  rssBytes: number;
  heapAfterGcBytes: number;
  /** Records not yet committed, over every trigger. */
  lag: number;
  /** Event-loop delay since the previous sample, 99th percentile, ms. */
  loopDelayP99Ms: number;
  /**
   * Every trigger so far: nothing lost, nothing counted twice (processed + dead-lettered +
   * filtered never above produced + backlog). Exact equality waits for the drain at the end.
   */
  reconciled: boolean;
}

export interface SoakResult {
  options: SoakOptions;
  samples: SoakSample[];
  trend: HeapTrend;
  /** The summary after the final drain. */
  summary: RunSummary;
  drained: boolean;
  /** Parquet objects written per 1,000 records archived. */
  objectsPer1000Records: number;
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const sampleMs = (options.sampleSeconds ?? 30) * 1000;
  const runtime: LocalRuntime = await startLocalRuntime({
    pipeline,
    dataDir: options.dataDir,
    reset: true,
    rate: options.rate,
    dashboard: false,
    log: (m) => process.stderr.write(`${m}\n`),
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = Date.now();
  const samples: SoakSample[] = [];
  const take = () => {
    const reports = runtime.reports();
    // A topic's records are produced once, however many triggers read it.
    const firstPerTopic = new Map<string, TriggerReport>();
    for (const r of reports) if (!firstPerTopic.has(r.topic)) firstPerTopic.set(r.topic, r);
    const sample: SoakSample = {
      elapsedSeconds: Math.round((Date.now() - started) / 1000),
      produced: [...firstPerTopic.values()].reduce((n, r) => n + r.produced, 0),
      rssBytes: process.memoryUsage().rss,
      heapAfterGcBytes: heapAfterGc(),
      lag: reports.reduce((n, r) => n + r.lag, 0),
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      reconciled: reports.every(
        (r) => r.lost === 0 && r.processed + r.deadLettered + r.filtered <= r.produced + r.backlog,
      ),
    };
    loop.reset();
    samples.push(sample);
    options.onSample?.(sample);
  };
  try {
    const end = started + options.minutes * 60_000;
    while (Date.now() + sampleMs <= end + 500) {
      await new Promise((resolve) => setTimeout(resolve, sampleMs));
      take();
    }
    // Up to 100 s: a short run on busy cores may still be working through the air demo's backfill.
    const drained = await runtime.drain(100_000);
    const summary = await runtime.summary();
    const trend = heapTrend(samples, options.maxSlopeMbPerHour ?? DEFAULT_MAX_SLOPE_MB_PER_HOUR);
    return {
      options,
      samples,
      trend,
      summary,
      drained,
      objectsPer1000Records:
        summary.archivedRecords === 0 ? 0 : (summary.archivedFiles / summary.archivedRecords) * 1000,
    };
  } finally {
    loop.disable();
    await runtime.stop();
  }
}

const MB = 1e6;

const COLUMNS = [
  'elapsed s',
  'produced',
  'RSS MB',
  'heap after GC MB',
  'lag',
  'loop p99 ms',
  'reconciliation',
] as const;

/** The table's header, as Markdown. */
export const SOAK_TABLE_HEADER = [
  `| ${COLUMNS.join(' | ')} |`,
  `| ${COLUMNS.map((c) => '-'.repeat(c.length)).join(' | ')} |`,
];

/** One row of the soak's table, as Markdown. */
export function soakRow(s: SoakSample): string {
  const cells = [
    String(s.elapsedSeconds),
    String(s.produced),
    fmt(s.rssBytes / MB, 1),
    fmt(s.heapAfterGcBytes / MB, 1),
    String(s.lag),
    fmt(s.loopDelayP99Ms, 1),
    s.reconciled ? 'holds' : 'BROKEN',
  ];
  return `| ${cells.map((c, i) => c.padStart(COLUMNS[i]?.length ?? 0)).join(' | ')} |`;
}

/** The verdict and the run's totals, after the table. */
export function soakVerdict(result: SoakResult): string[] {
  const { trend, summary, options } = result;
  const short = options.minutes < 10;
  return [
    '',
    `heap after GC: ${fmt(trend.slopeMbPerHour, 1)} MB/hour over the last ${trend.samples} samples (limit ${fmt(options.maxSlopeMbPerHour ?? DEFAULT_MAX_SLOPE_MB_PER_HOUR, 0)} MB/hour)`,
    `verdict: ${trend.growing ? 'GROWING' : 'flat'}${short ? ' (a run under 10 minutes is indicative only: run --minutes 15 or more to judge)' : ''}`,
    `records: produced ${summary.produced}, processed ${summary.processed}, dead-lettered ${summary.deadLettered}, filtered ${summary.filtered}; drained ${result.drained ? 'yes' : 'NO'}; reconciliation ${summary.reconciled ? 'holds' : 'BROKEN'}`,
    `archive: ${summary.archivedFiles} Parquet objects for ${summary.archivedRecords} records = ${fmt(result.objectsPer1000Records, 1)} objects per 1,000 records`,
  ];
}
