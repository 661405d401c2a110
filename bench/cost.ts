/**
 * What tandem costs on AWS per month at 1 million and 1 billion events a day, from
 * figures measured by the benchmarks and the settings in infra/pipeline.ts:
 *
 * - Lambda GB-seconds: ms per batch of the real handlers (bench/archiver.ts, bench/feedback.ts)
 *   at the batch sizes the triggers reach, × memory from pipeline.ts, × the CPU share Lambda
 *   gives that memory (1,769 MB = one vCPU; the benchmarks ran on a full core).
 * - S3 PUTs: the archiver writes one object per topic-partition-date (and per wiki for
 *   wiki-changes) per batch: the measured PUTs/batch at the batch reached, at most one per
 *   record; archive storage from measured bytes per record in S3.
 * - DynamoDB write units: the scorer writes one item per feedback record (< 1 KB: values
 *   measure ~300 B), plus the notification outbox for the share of records that notify.
 * - DynamoDB window writes of the wiki metrics: write requests per event measured by
 *   bench/windows.ts at the batch the window trigger reaches, plus the `by-window` index,
 *   which DynamoDB writes twice (delete, put) when an update changes its sort key `count`.
 * - Scheduled functions: one request per scheduled run; the Wikimedia relay also runs for
 *   its declared RELAY_RUN_SECONDS each time.
 * - MSK Serverless: cluster-hours, partition-hours of the declared topics, GB in (measured
 *   value sizes) and GB out (one read per trigger), retained GB-months.
 * - Lambda ESM provisioned mode: Event Poller Units for the pollers the triggers keep.
 * - Archive compaction (bench/compaction.ts): the hourly compactor GETs each archive object
 *   once (its DELETEs are free); Athena bytes scanned per archived record before and after
 *   compaction, priced for one full-column query a day over the last 7 days of the archive.
 * - Fixed: NAT gateway, alarms, dashboard, S3 request metrics, secrets.
 *
 * `node --no-experimental-require-module --import tsx bench/cost.ts` runs the four benchmarks
 * first (about 5 minutes);
 * `--archiver FILE --feedback FILE --windows FILE --compaction FILE` reads their saved output instead
 * (`npm run bench -- --only archiver > FILE`). `--notify-share` is the share of feedback
 * that crosses a Slack threshold (an assumption: the bench texts are polarised, 81% notify).
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitWithUsage, parseCommandLine } from '../bin/command-line.js';
import { RELAY_RUN_SECONDS_ENV } from '../functions/wiki-relay/config.js';
import { triggerPollers } from '../infra/aws/constructs/kafka-trigger.js';
import { pipeline } from '../infra/pipeline.js';
import { fmt, printTable } from './table.js';

/** Public list prices, US East (N. Virginia), USD, as the author knew them in 2025. Check before relying on them. */
export const PRICES = {
  asOf: '2025, us-east-1, on-demand list prices; not re-checked against the live pricing pages when this ran',
  lambdaArmGbSecond: 0.0000133334, // aws.amazon.com/lambda/pricing (arm64, first 6 billion GB-s tier)
  lambdaRequest: 0.2 / 1e6,
  s3Put: 0.005 / 1000, // aws.amazon.com/s3/pricing (PUT, COPY, POST, LIST)
  s3Get: 0.0004 / 1000, // (GET, SELECT and all other requests; DELETE is free)
  s3StandardGbMonth: 0.023,
  athenaTbScanned: 5, // aws.amazon.com/athena/pricing (SQL queries, per TB scanned)
  dynamoWru: 0.625 / 1e6, // aws.amazon.com/dynamodb/pricing/on-demand (since Nov 2024)
  dynamoGbMonth: 0.25,
  mskClusterHour: 0.75, // aws.amazon.com/msk/pricing (Serverless)
  mskPartitionHour: 0.0015,
  mskGbIn: 0.1,
  mskGbOut: 0.05,
  mskGbMonth: 0.1,
  natHour: 0.045, // aws.amazon.com/vpc/pricing
  cloudwatchAlarmMonth: 0.1, // aws.amazon.com/cloudwatch/pricing
  cloudwatchDashboardMonth: 3,
  cloudwatchMetricMonth: 0.3,
  logsGbIngested: 0.5,
  secretMonth: 0.4, // aws.amazon.com/secrets-manager/pricing
  // aws.amazon.com/lambda/pricing, "Provisioned Mode for event source mappings": recalled, least certain figure here.
  eventPollerUnitHour: 0.185,
} as const;

/** An Event Poller Unit carries up to this many provisioned pollers and MB/s (Lambda pricing page). */
const POLLERS_PER_EPU = 10;
const MBPS_PER_EPU = 20;

/** Lambda gives a function one full vCPU at 1,769 MB; below that, CPU-bound work slows proportionally. */
const FULL_VCPU_MB = 1769;
/** S3 request metrics publish this many CloudWatch metrics per filter (billed as custom metrics). */
const S3_REQUEST_METRICS_PER_FILTER = 16;
/** CloudWatch Logs per invoke: the platform START/END/REPORT lines and one EMF document (assumption). */
const LOG_BYTES_PER_INVOKE = 1500;
const DAYS_PER_MONTH = 30;
const HOURS_PER_MONTH = 730;
const GB = 1024 ** 3;

// ---------------------------------------------------------------- bench output

interface Table {
  title: string;
  rows: Record<string, string>[];
}

/** The Markdown tables a benchmark printed (bench/table.ts's format). */
export function parseTables(text: string): Table[] {
  const tables: Table[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]?.startsWith('### ')) continue;
    const title = (lines[i] as string).slice(4);
    const cells = (line: string) =>
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
    let j = i + 1;
    while (j < lines.length && !lines[j]?.startsWith('|')) j++;
    const headers = cells(lines[j] ?? '');
    const rows: Record<string, string>[] = [];
    for (j += 2; j < lines.length && lines[j]?.startsWith('|'); j++) {
      const values = cells(lines[j] as string);
      rows.push(Object.fromEntries(headers.map((h, k) => [h, values[k] ?? ''])));
    }
    tables.push({ title, rows });
  }
  return tables;
}

const num = (text: string | undefined): number => Number((text ?? '').replace(/,/g, '').replace(/ .*$/, ''));

/** One measured point: ms per invoke at a batch size. */
interface Point {
  batch: number;
  ms: number;
}

interface Measured {
  /** Per function: ms per batch at the batch sizes measured. */
  durations: Record<string, Point[]>;
  /** Archive objects PUT per batch, per topic, by batch size (one per partition, date and wiki). */
  archivePuts: Record<string, { batch: number; value: number }[]>;
  /** Archive bytes in S3 per record, per topic (largest batch measured, what big batches reach). */
  archiveBytes: Record<string, number>;
  /** Mean value size of the records, per topic. */
  valueBytes: Record<string, number>;
  /** The window engine: DynamoDB write requests and aggregate writes per event, by batch size. */
  windowWrites: { batch: number; writesPerEvent: number; aggregatesPerEvent: number }[];
  /** Archive bytes per distinct row before and after one compactor run (what a full Athena scan reads). */
  compaction: { bytesPerRowBefore: number; bytesPerRowAfter: number };
  /** Where the figures came from. */
  sources: string[];
}

function runBench(name: string): string {
  const script = `const m = await import('./bench/${name}.ts'); await m.run();`;
  return execFileSync(
    process.execPath,
    ['--no-experimental-require-module', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
}

export function measuredFrom(
  archiverOut: string,
  feedbackOut: string,
  windowsOut: string,
  compactionOut: string,
): Measured {
  const compactionTable = parseTables(compactionOut).find((t) => t.title.startsWith('Archive compaction'));
  if (!compactionTable) throw new Error('no "Archive compaction" table in the compaction output');
  const bytesPerRow = (prefix: string) => {
    const row = compactionTable.rows.find((r) => r.archive?.startsWith(prefix));
    // Per distinct row: the copies of retried batches are bytes a query reads for nothing.
    return num(row?.bytes) / num(/\(([\d,]+)\)/.exec(row?.['rows (distinct)'] ?? '')?.[1]);
  };
  const compaction = { bytesPerRowBefore: bytesPerRow('before'), bytesPerRowAfter: bytesPerRow('after') };
  if (!(compaction.bytesPerRowBefore > 0 && compaction.bytesPerRowAfter > 0)) {
    throw new Error('no before and after rows in the compaction table');
  }
  const archiver = parseTables(archiverOut).find((t) => t.title.startsWith('Archiver end to end'));
  const feedback = parseTables(feedbackOut).find((t) => t.title.startsWith('Feedback scorer'));
  const windows = parseTables(windowsOut).find((t) => t.title.startsWith('Window engine: DynamoDB requests'));
  if (!archiver) throw new Error('no "Archiver end to end" table in the archiver output');
  if (!feedback) throw new Error('no "Feedback scorer" table in the feedback output');
  if (!windows) throw new Error('no "Window engine: DynamoDB requests" table in the windows output');
  const windowEvents = num(/for ([\d,]+) wiki events/.exec(windows.title)?.[1]);
  const windowWrites = windows.rows
    .filter((r) => r.approach?.startsWith('tandem, batches of '))
    .map((r) => ({
      batch: num(r.approach?.slice('tandem, batches of '.length)),
      writesPerEvent: num(r['all write requests']) / windowEvents,
      aggregatesPerEvent: num(r['aggregate writes']) / windowEvents,
    }))
    .sort((a, b) => a.batch - b.batch);
  if (!(windowEvents > 0) || windowWrites.length === 0) throw new Error('no tandem rows in the windows table');
  const archiverRows = archiver.rows.filter((r) => r.path?.startsWith('archiver handler'));
  const topics = [...new Set(archiverRows.map((r) => r.topic as string))];
  // Each topic's curve, averaged point by point: both topics' records go through one function.
  const batches = [...new Set(archiverRows.map((r) => num(r.batch)))].sort((a, b) => a - b);
  const archiverPoints = batches.map((batch) => {
    const at = archiverRows.filter((r) => num(r.batch) === batch);
    return { batch, ms: at.reduce((s, r) => s + num(r['ms/batch']), 0) / at.length };
  });
  const archiveBytes: Record<string, number> = {};
  const archivePuts: Record<string, { batch: number; value: number }[]> = {};
  for (const topic of topics) {
    archivePuts[topic] = archiverRows
      .filter((r) => r.topic === topic)
      .map((r) => ({ batch: num(r.batch), value: num(r['PUTs/batch']) }))
      .sort((a, b) => a.batch - b.batch);
    const largest = archiverRows.filter((r) => r.topic === topic).sort((a, b) => num(b.batch) - num(a.batch))[0];
    archiveBytes[topic] = num(largest?.['bytes/record in S3']);
  }
  const valueBytes: Record<string, number> = {};
  for (const m of archiver.title.matchAll(/([a-z-]+) ~([\d,]+) B/g)) valueBytes[m[1] as string] = num(m[2]);
  const scorer = feedback.rows
    .filter((r) => r.path?.startsWith('handler end to end: puts only'))
    .map((r) => ({ batch: num(r.batch), ms: num(r['ms/batch']) }))
    .sort((a, b) => a.batch - b.batch);
  return {
    durations: { archiver: archiverPoints, 'feedback-scorer': scorer },
    archivePuts,
    archiveBytes,
    valueBytes,
    windowWrites,
    compaction,
    sources: [archiver.title, feedback.title, windows.title, compactionTable.title],
  };
}

/**
 * A figure measured at some batch sizes, at batch `n`: piecewise linear between them, held
 * at the nearest one outside them (`clamped`), since extrapolating a per-batch effect
 * (keys shared, objects per partition) beyond what was measured would be a guess.
 */
export function measuredAt(points: readonly { batch: number; value: number }[], n: number) {
  const first = points[0] as { batch: number; value: number };
  const last = points[points.length - 1] as { batch: number; value: number };
  if (n <= first.batch) return { value: first.value, clamped: n < first.batch };
  if (n >= last.batch) return { value: last.value, clamped: n > last.batch };
  const i = points.findIndex((p) => p.batch >= n);
  const a = points[i - 1] as { batch: number; value: number };
  const b = points[i] as { batch: number; value: number };
  return { value: a.value + ((b.value - a.value) * (n - a.batch)) / (b.batch - a.batch), clamped: false };
}

/**
 * Runs per 30-day month of a `rate(N unit)` schedule or a once-a-day cron (`cron(0 3 * * ? *)`,
 * the nightly retrainer); undefined for other cron expressions.
 */
export function runsPerMonth(expression: string): number | undefined {
  if (/^cron\(\d+ \d+ \* \* \? \*\)$/.test(expression)) return DAYS_PER_MONTH;
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!m) return undefined;
  const unit = (m[2] as string).replace(/s$/, '') as 'minute' | 'hour' | 'day';
  const minutes = Number(m[1]) * { minute: 1, hour: 60, day: 1440 }[unit];
  return (DAYS_PER_MONTH * 1440) / minutes;
}

/** ms per invoke at batch `n`: piecewise linear through the measured points, extended linearly at both ends. */
export function msAt(points: readonly Point[], n: number): number {
  if (points.length === 1) return (points[0] as Point).ms;
  let i = points.findIndex((p) => p.batch >= n);
  if (i <= 0) i = i === 0 ? 1 : points.length - 1;
  const a = points[i - 1] as Point;
  const b = points[i] as Point;
  const ms = a.ms + ((b.ms - a.ms) * (n - a.batch)) / (b.batch - a.batch);
  return Math.max(1, ms);
}

// ---------------------------------------------------------------- model

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Share of all events per topic: the demo rates pipeline.ts declares (the reference mix). */
function topicShares(): Record<string, number> {
  const rates = Object.entries(pipeline.topics).map(([t, s]) => [t, s.demo?.ratePerSecond ?? 1] as const);
  const total = rates.reduce((s, [, r]) => s + r, 0);
  return Object.fromEntries(rates.map(([t, r]) => [t, r / total]));
}

interface Line {
  item: string;
  quantity: (eventsPerDay: number) => string;
  monthly: (eventsPerDay: number) => number;
}

function lines(measured: Measured, notifyShare: number): { lines: Line[]; notes: string[] } {
  const shares = topicShares();
  const fallbackValue = mean(Object.values(measured.valueBytes));
  const fallbackArchive = mean(Object.values(measured.archiveBytes));
  const valueBytes = (topic: string) => measured.valueBytes[topic] ?? fallbackValue;
  const notes: string[] = [];
  const out: Line[] = [];

  // Lambda, per trigger: batch size reached, invokes, GB-seconds; the archiver's PUTs.
  const perTrigger = (eventsPerDay: number) =>
    pipeline.triggers.map((t) => {
      const events = eventsPerDay * (shares[t.topic] ?? 0);
      const windowSeconds = t.batchingWindowMs / 1000 || 0.5;
      const batch = Math.min(t.batchSize, Math.max(1, (events / 86_400) * windowSeconds));
      const invokes = events / batch;
      const fn = pipeline.functions[t.function];
      const points = measured.durations[t.function];
      const cpu = Math.max(1, FULL_VCPU_MB / (fn?.memoryMb ?? FULL_VCPU_MB));
      const ms = points ? msAt(points, batch) * cpu : undefined;
      const gbSeconds = ms === undefined ? 0 : invokes * (ms / 1000) * ((fn?.memoryMb ?? 0) / 1024);
      const partitions = pipeline.topics[t.topic]?.partitions ?? 1;
      // The measured objects per batch (one per partition, date and, for wiki-changes, wiki), never
      // more than the batch has records; topics the benchmark left out: one object per partition.
      const measuredPuts = measured.archivePuts[t.topic];
      const putsPerBatch = measuredPuts?.length ? measuredAt(measuredPuts, batch).value : partitions;
      const puts = t.function === 'archiver' ? invokes * Math.min(putsPerBatch, batch) : 0;
      // Lambda runs at most one batch per partition at a time.
      const busy = ms === undefined ? 0 : ((invokes / 86_400) * ms) / 1000 / partitions;
      return { t, events, batch, invokes, gbSeconds, puts, busy, measured: points !== undefined };
    });
  for (const t of pipeline.triggers) {
    if (!measured.durations[t.function])
      notes.push(`${t.function} (trigger ${t.name}) has no benchmark: its Lambda time is left out`);
  }
  const sum = (e: number, f: (x: ReturnType<typeof perTrigger>[number]) => number) =>
    perTrigger(e).reduce((s, x) => s + f(x), 0);

  out.push({
    item: 'Lambda compute (arm64 GB-s)',
    quantity: (e) => `${fmt(sum(e, (x) => x.gbSeconds) * DAYS_PER_MONTH)} GB-s`,
    monthly: (e) => sum(e, (x) => x.gbSeconds) * DAYS_PER_MONTH * PRICES.lambdaArmGbSecond,
  });
  out.push({
    item: 'Lambda requests (one per batch)',
    quantity: (e) => `${fmt(sum(e, (x) => x.invokes) * DAYS_PER_MONTH)}`,
    monthly: (e) => sum(e, (x) => x.invokes) * DAYS_PER_MONTH * PRICES.lambdaRequest,
  });
  out.push({
    item: 'S3 PUTs (archive objects)',
    quantity: (e) => fmt(sum(e, (x) => x.puts) * DAYS_PER_MONTH),
    monthly: (e) => sum(e, (x) => x.puts) * DAYS_PER_MONTH * PRICES.s3Put,
  });
  out.push({
    item: 'S3 GETs (archive-compactor reads each archive object once; its DELETEs are free)',
    quantity: (e) => fmt(sum(e, (x) => x.puts) * DAYS_PER_MONTH),
    monthly: (e) => sum(e, (x) => x.puts) * DAYS_PER_MONTH * PRICES.s3Get,
  });
  // One query a day reading every column of the last 7 days: what Athena bills, before and after compaction.
  const athenaTbPerMonth = (e: number, bytesPerRow: number) => (e * 7 * DAYS_PER_MONTH * bytesPerRow) / 1e12;
  const { bytesPerRowBefore, bytesPerRowAfter } = measured.compaction;
  out.push({
    item:
      `Athena, one full scan of the last 7 days a day: ${fmt(bytesPerRowAfter, 1)} B/record compacted ` +
      `(${fmt(bytesPerRowBefore, 1)} B/record before compaction)`,
    quantity: (e) =>
      `${fmt(athenaTbPerMonth(e, bytesPerRowAfter), 3)} TB (before: ${fmt(athenaTbPerMonth(e, bytesPerRowBefore), 3)} TB)`,
    monthly: (e) => athenaTbPerMonth(e, bytesPerRowAfter) * PRICES.athenaTbScanned,
  });
  const archivedGbPerMonth = (e: number) =>
    Object.keys(pipeline.topics).reduce(
      (s, topic) => s + e * (shares[topic] ?? 0) * (measured.archiveBytes[topic] ?? fallbackArchive),
      0,
    ) *
    (DAYS_PER_MONTH / GB);
  out.push({
    item: 'S3 storage added (archive, first month)',
    quantity: (e) => `${fmt(archivedGbPerMonth(e), 1)} GB`,
    monthly: (e) => archivedGbPerMonth(e) * PRICES.s3StandardGbMonth,
  });

  const feedbackShare = shares.feedback ?? 0;
  const wruPerDay = (e: number) => e * feedbackShare * (1 + 2 * notifyShare);
  out.push({
    item: `DynamoDB writes (1 WRU per feedback, +2 per notification at ${fmt(notifyShare * 100)}%)`,
    quantity: (e) => `${fmt(wruPerDay(e) * DAYS_PER_MONTH)} WRU`,
    monthly: (e) => wruPerDay(e) * DAYS_PER_MONTH * PRICES.dynamoWru,
  });

  // Window engine: the triggers delivering the metrics' topics to the functions applying them.
  // Measured for the wiki metrics only (bench/windows.ts); the feedback bands are left out (notes).
  const windowTriggers = pipeline.triggers.filter((t) =>
    Object.values(pipeline.metrics).some(
      (m) => m.function === t.function && m.topic === t.topic && t.topic === 'wiki-changes',
    ),
  );
  const windowWrites = (e: number) =>
    perTrigger(e)
      .filter((x) => windowTriggers.includes(x.t))
      .map((x) => {
        const at = (k: 'writesPerEvent' | 'aggregatesPerEvent') =>
          measuredAt(
            measured.windowWrites.map((w) => ({ batch: w.batch, value: w[k] })),
            x.batch,
          );
        const writes = at('writesPerEvent');
        // DynamoDB writes an index twice (delete, put) when an update changes its sort key, once for a new item.
        return { x, writes, table: x.events * writes.value, index: 2 * x.events * at('aggregatesPerEvent').value };
      });
  const windowWruPerDay = (e: number) => windowWrites(e).reduce((s, w) => s + w.table + w.index, 0);
  if (windowTriggers.length > 0) {
    out.push({
      item: 'DynamoDB window writes (wiki metrics, measured per event; by-window index ≤ 2 per aggregate)',
      quantity: (e) => `${fmt(windowWruPerDay(e) * DAYS_PER_MONTH)} WRU`,
      monthly: (e) => windowWruPerDay(e) * DAYS_PER_MONTH * PRICES.dynamoWru,
    });
  }

  // Scheduled functions: a request per run; the relay reads the stream for its declared run length.
  const scheduled = pipeline.schedules.map((sc) => {
    const fn = pipeline.functions[sc.function];
    const runs = runsPerMonth(sc.expression);
    const seconds = Number(fn?.environment?.[RELAY_RUN_SECONDS_ENV] ?? Number.NaN);
    const gbSeconds = runs !== undefined && seconds > 0 ? runs * seconds * ((fn?.memoryMb ?? 0) / 1024) : 0;
    if (runs === undefined) notes.push(`schedule ${sc.name} (${sc.expression}) is not a rate: left out`);
    else if (gbSeconds === 0)
      notes.push(
        `schedule ${sc.name}: ${sc.function} has no benchmark: its requests are counted, its Lambda time is not`,
      );
    return { sc, runs: runs ?? 0, gbSeconds, seconds };
  });
  if (scheduled.length > 0) {
    const runs = scheduled.reduce((s, x) => s + x.runs, 0);
    const gbSeconds = scheduled.reduce((s, x) => s + x.gbSeconds, 0);
    const timed = scheduled.filter((x) => x.gbSeconds > 0);
    out.push({
      item:
        `Scheduled runs (${scheduled.map((x) => `${x.sc.function} ${x.sc.expression}`).join(', ')})` +
        (timed.length > 0 ? `; ${timed.map((x) => `${x.sc.function} ${x.seconds} s each`).join(', ')}` : ''),
      quantity: () => `${fmt(runs)} runs, ${fmt(gbSeconds)} GB-s`,
      monthly: () => runs * PRICES.lambdaRequest + gbSeconds * PRICES.lambdaArmGbSecond,
    });
  }

  const partitions = Object.values(pipeline.topics).reduce((s, t) => s + t.partitions, 0);
  out.push({
    item: 'MSK Serverless cluster-hours',
    quantity: () => `${HOURS_PER_MONTH} h`,
    monthly: () => HOURS_PER_MONTH * PRICES.mskClusterHour,
  });
  out.push({
    item: `MSK Serverless partition-hours (${partitions} partitions)`,
    quantity: () => `${fmt(partitions * HOURS_PER_MONTH)} h`,
    monthly: () => partitions * HOURS_PER_MONTH * PRICES.mskPartitionHour,
  });
  const gbInPerDay = (e: number) =>
    Object.keys(pipeline.topics).reduce((s, topic) => s + e * (shares[topic] ?? 0) * valueBytes(topic), 0) / GB;
  const gbOutPerDay = (e: number) =>
    pipeline.triggers.reduce((s, t) => s + e * (shares[t.topic] ?? 0) * valueBytes(t.topic), 0) / GB;
  out.push({
    item: 'MSK Serverless data in',
    quantity: (e) => `${fmt(gbInPerDay(e) * DAYS_PER_MONTH, 1)} GB`,
    monthly: (e) => gbInPerDay(e) * DAYS_PER_MONTH * PRICES.mskGbIn,
  });
  out.push({
    item: `MSK Serverless data out (${pipeline.triggers.length} consumers)`,
    quantity: (e) => `${fmt(gbOutPerDay(e) * DAYS_PER_MONTH, 1)} GB`,
    monthly: (e) => gbOutPerDay(e) * DAYS_PER_MONTH * PRICES.mskGbOut,
  });
  const retainedGb = (e: number) =>
    Object.entries(pipeline.topics).reduce(
      (s, [topic, spec]) => s + e * (shares[topic] ?? 0) * valueBytes(topic) * (spec.retentionHours / 24),
      0,
    ) / GB;
  out.push({
    item: 'MSK Serverless storage (retention)',
    quantity: (e) => `${fmt(retainedGb(e), 1)} GB`,
    monthly: (e) => retainedGb(e) * PRICES.mskGbMonth,
  });

  // Provisioned mode (which Kafka's error-handling controls need), as the CDK app configures it.
  const minimumPollers = pipeline.triggers.reduce(
    (n, t) => n + (triggerPollers(t, pipeline.topics[t.topic]?.partitions ?? 1, { group: 'g' })?.minimum ?? 0),
    0,
  );
  const epus = (e: number) =>
    minimumPollers === 0
      ? 0
      : Math.max(
          Math.ceil(minimumPollers / POLLERS_PER_EPU),
          Math.ceil((gbOutPerDay(e) * 1024) / 86_400 / MBPS_PER_EPU),
        );
  out.push({
    item: `Lambda ESM provisioned mode (${minimumPollers} pollers minimum, one poller group)`,
    quantity: (e) => `${fmt(epus(e) * HOURS_PER_MONTH)} EPU-h`,
    monthly: (e) => epus(e) * HOURS_PER_MONTH * PRICES.eventPollerUnitHour,
  });

  const invokesPerMonth = (e: number) => sum(e, (x) => x.invokes) * DAYS_PER_MONTH;
  out.push({
    item: `CloudWatch Logs (~${fmt(LOG_BYTES_PER_INVOKE)} B per invoke)`,
    quantity: (e) => `${fmt((invokesPerMonth(e) * LOG_BYTES_PER_INVOKE) / GB, 1)} GB`,
    monthly: (e) => ((invokesPerMonth(e) * LOG_BYTES_PER_INVOKE) / GB) * PRICES.logsGbIngested,
  });

  const consumers = new Set(pipeline.triggers.map((t) => t.function)).size;
  // Errors and Throttles alarms cover the pipeline's functions (not the kafka-admin custom resource).
  const functions = Object.keys(pipeline.functions).length;
  const deadLetterBuckets = new Set(pipeline.triggers.flatMap((t) => (t.onFailure ? [t.onFailure.bucket] : []))).size;
  const alarms = functions * 2 + consumers + deadLetterBuckets + Object.keys(pipeline.tables).length;
  const secrets = Object.keys(pipeline.secrets).length;
  const fixed =
    HOURS_PER_MONTH * PRICES.natHour +
    alarms * PRICES.cloudwatchAlarmMonth +
    PRICES.cloudwatchDashboardMonth +
    deadLetterBuckets * S3_REQUEST_METRICS_PER_FILTER * PRICES.cloudwatchMetricMonth +
    secrets * PRICES.secretMonth;
  out.push({
    item: `Fixed: 1 NAT gateway, ${alarms} alarms, dashboard, S3 request metrics, ${secrets} secrets`,
    quantity: () => '–',
    monthly: () => fixed,
  });

  for (const e of [1e6, 1e9]) {
    for (const w of windowWrites(e)) {
      if (w.writes.clamped) {
        notes.push(
          `at ${fmt(e)} events/day, trigger ${w.x.t.name} fills batches of ~${fmt(w.x.batch, 1)} records, outside the ` +
            `batches bench/windows.ts measured (${measured.windowWrites.map((m) => fmt(m.batch)).join(', ')}): its ` +
            `window writes use the nearest measured figure (${fmt(w.writes.value, 4)} per event)` +
            (w.x.batch < (measured.windowWrites[0]?.batch ?? 0) ? ', a floor: smaller batches share fewer keys' : ''),
        );
      }
    }
    for (const x of perTrigger(e)) {
      if (x.batch < x.t.batchSize / 10) {
        notes.push(
          `at ${fmt(e)} events/day, trigger ${x.t.name} fills batches of ~${fmt(x.batch, 1)} records ` +
            `in its ${fmt(x.t.batchingWindowMs)} ms window: a longer window means fewer invokes` +
            (x.puts > 0 ? ` and fewer, larger archive objects (${fmt(x.puts / x.events, 2)} PUTs per record now)` : ''),
        );
      }
      if (x.busy > 0.8) {
        notes.push(
          `at ${fmt(e)} events/day, trigger ${x.t.name} keeps its ${pipeline.topics[x.t.topic]?.partitions} partitions ` +
            `${fmt(x.busy * 100)}% busy: add partitions to topic ${x.t.topic} (Lambda runs one batch per partition at a time)`,
        );
      }
    }
  }
  const unmeasured = Object.entries(pipeline.metrics).filter(([, m]) => m.topic !== 'wiki-changes');
  if (unmeasured.length > 0) {
    notes.push(
      `window writes of ${unmeasured.map(([name]) => name).join(', ')} are not measured and left out ` +
        '(at most one aggregate per key and window per batch, plus the window state)',
    );
  }
  return { lines: out, notes };
}

export async function run(argv: string[] = []): Promise<void> {
  const command = {
    name: 'bench/cost.ts',
    usage: [
      'tandem AWS cost per month at 1 million and 1 billion events a day, from measured figures',
      '',
      'usage: node --no-experimental-require-module --import tsx bench/cost.ts [options]',
      '  --archiver FILE      saved output of npm run bench -- --only archiver (default: run it)',
      '  --feedback FILE      saved output of npm run bench -- --only feedback (default: run it)',
      '  --windows FILE       saved output of npm run bench -- --only windows (default: run it)',
      '  --compaction FILE    saved output of npm run bench -- --only compaction (default: run it)',
      '  --notify-share X     share of feedback that crosses a Slack threshold, 0..1 (default 0.05)',
      '  -h, --help           print this help',
      '',
    ].join('\n'),
    options: {
      archiver: { type: 'string' },
      feedback: { type: 'string' },
      windows: { type: 'string' },
      compaction: { type: 'string' },
      'notify-share': { type: 'string', default: '0.05' },
    },
    args: argv,
  } as const;
  const { values } = parseCommandLine(command);
  const notifyShare = values['notify-share'].trim() === '' ? Number.NaN : Number(values['notify-share']);
  if (!(notifyShare >= 0 && notifyShare <= 1)) {
    exitWithUsage(command, `--notify-share must be 0..1, got ${JSON.stringify(values['notify-share'])}`);
  }
  const archiverOut = values.archiver ? readFileSync(values.archiver, 'utf8') : runBench('archiver');
  const feedbackOut = values.feedback ? readFileSync(values.feedback, 'utf8') : runBench('feedback');
  const windowsOut = values.windows ? readFileSync(values.windows, 'utf8') : runBench('windows');
  const compactionOut = values.compaction ? readFileSync(values.compaction, 'utf8') : runBench('compaction');
  const measured = measuredFrom(archiverOut, feedbackOut, windowsOut, compactionOut);
  const { lines: model, notes } = lines(measured, notifyShare);

  const shares = topicShares();
  const perRecord: Record<string, string>[] = pipeline.triggers.map((t) => {
    const points = measured.durations[t.function];
    const fn = pipeline.functions[t.function];
    return {
      trigger: t.name,
      function: `${t.function} (${fn?.memoryMb} MB)`,
      'topic share': `${fmt((shares[t.topic] ?? 0) * 100, 1)}%`,
      'batch (max)': fmt(t.batchSize),
      'measured ms/batch': points ? points.map((p) => `${fmt(p.ms, 1)} @${fmt(p.batch)}`).join(', ') : 'not measured',
      'CPU share factor': fmt(Math.max(1, FULL_VCPU_MB / (fn?.memoryMb ?? FULL_VCPU_MB)), 2),
    };
  });
  printTable(
    `Measured inputs (${measured.sources.length} benchmarks) and the triggers of infra/pipeline.ts`,
    perRecord,
  );

  const total = (e: number) => model.reduce((s, l) => s + l.monthly(e), 0);
  const rows = model.map((l) => ({
    item: l.item,
    'quantity / month @ 1M/day': l.quantity(1e6),
    'USD / month @ 1M/day': fmt(l.monthly(1e6), 2),
    'quantity / month @ 1B/day': l.quantity(1e9),
    'USD / month @ 1B/day': fmt(l.monthly(1e9), 2),
  }));
  rows.push({
    item: 'Total',
    'quantity / month @ 1M/day': '',
    'USD / month @ 1M/day': fmt(total(1e6), 2),
    'quantity / month @ 1B/day': '',
    'USD / month @ 1B/day': fmt(total(1e9), 2),
  });
  rows.push({
    item: 'Per million events',
    'quantity / month @ 1M/day': '',
    'USD / month @ 1M/day': fmt(total(1e6) / (DAYS_PER_MONTH * 1), 3),
    'quantity / month @ 1B/day': '',
    'USD / month @ 1B/day': fmt(total(1e9) / (DAYS_PER_MONTH * 1000), 3),
  });
  printTable(
    `Monthly cost (${DAYS_PER_MONTH} days) at 1 million and 1 billion events/day, topic mix from the demo rates in ` +
      `pipeline.ts; prices: ${PRICES.asOf}`,
    rows,
  );
  for (const note of notes) process.stdout.write(`- ${note}\n`);
  for (const source of measured.sources) process.stdout.write(`- measured by: ${source}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]))
  await run(process.argv.slice(2));
