import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, type WriteStream } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { parquetMetadata, type SchemaElement } from 'hyparquet';
import {
  ARCHIVE_COLUMNS,
  ARCHIVE_SCHEMA,
  type ArchiveCodec,
  type ArchiveRow,
  encodeArchiveParquet,
  zstdAvailable,
} from '../functions/lib/parquet/index.js';
import { median } from './measure.js';
import { benchRecords } from './records.js';
import { fmt, printTable } from './table.js';

/**
 * Which Parquet writer the archiver uses, by measurement. Every candidate turns
 * the same 20,000 raw records (two topic-partition batches of 10,000, as the
 * archiver writes one object per topic-partition per batch) into in-memory
 * Parquet files with the archive schema. Beside speed and size: what the
 * writer costs a Lambda cold start (loading it in a fresh process, from
 * node_modules and as the minified CJS bundle CDK's NodejsFunction builds) and
 * what must ship in the zip. Baselines: the same records as JSON Lines, plain
 * and gzipped. Only candidates whose module is installed run; ZSTD through
 * node:zlib runs only on Node ≥ 22.15 (as on Lambda's nodejs22.x, not Node 20).
 */
const RECORDS = 20_000;
const BATCHES = 2;
const WARMUP = 2;
const RUNS = 5;
const COLD_RUNS = 5;
const root = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------- records

function makeBatches(): ArchiveRow[][] {
  const records = benchRecords(42);
  const { rand } = records;
  const perBatch = RECORDS / BATCHES;
  const t0 = Date.UTC(2025, 5, 1, 12);

  const feedback: ArchiveRow[] = [];
  for (let i = 0; i < perBatch; i++) {
    const timestamp = t0 + i * 40 + Math.floor(rand() * 40);
    const content = records.feedback(timestamp);
    feedback.push({
      topic: 'feedback',
      partition: 0,
      offset: 1_250_000n + BigInt(i),
      timestamp,
      key: rand() < 0.8 ? content.key : null,
      value: content.value,
      headers: content.headers,
      ingestTime: timestamp + 200 + Math.floor(rand() * 1800),
    });
  }

  const wiki: ArchiveRow[] = [];
  for (let i = 0; i < perBatch; i++) {
    const timestamp = t0 + i * 25 + Math.floor(rand() * 25);
    const content = records.wiki(timestamp, 1_795_000_000 + i);
    wiki.push({
      topic: 'wiki-changes',
      partition: 3,
      offset: 2n ** 32n + 7n + BigInt(i),
      timestamp,
      key: rand() < 0.5 ? content.key : null,
      value: content.value,
      headers: content.headers,
      ingestTime: timestamp + 200 + Math.floor(rand() * 1800),
    });
  }
  return [feedback, wiki];
}

// ---------------------------------------------------------------- candidates

type Encode = (rows: ArchiveRow[]) => Promise<{ bytes: Uint8Array; writeMs?: number }>;
type Ready = { encode: Encode; close?: () => Promise<void> };

interface Candidate {
  writer: string;
  codec: string;
  /** What `import()` in a fresh process loads, and whose installed size is counted. */
  pkg: string;
  runtime: string;
  /** Entry bundled with esbuild to size, and cold-load, what ships in the Lambda zip. */
  bundleEntry: string;
  bundleExternal?: string[];
  /** Files (under node_modules) that must ship beside the bundle; copied next to it when `copy`. */
  assets?: { file: string; copy: boolean }[];
  /** Whether the output is Parquet (checked by reading its footer back with hyparquet). */
  parquet: boolean;
  /** Loads the writer and returns an encoder, or the reason it cannot run here. */
  prepare(): Promise<Ready | string>;
  note?: string;
}

const keep = (names: string) => `globalThis.__keep = [${names}];`;
const tandemEntry = `import { encodeArchiveParquet } from './functions/lib/parquet/index.ts'; ${keep('encodeArchiveParquet')}`;

function tandemCandidate(codec: ArchiveCodec, note: string): Candidate {
  return {
    writer: 'hyparquet-writer (tandem encodeArchiveParquet)',
    codec: codec === 'GZIP' ? 'gzip (node:zlib, level 1)' : codec === 'ZSTD' ? 'zstd (node:zlib)' : 'snappy (JS)',
    pkg: 'hyparquet-writer',
    runtime: 'pure JS',
    bundleEntry: tandemEntry,
    parquet: true,
    note,
    async prepare() {
      if (codec === 'ZSTD' && !zstdAvailable) return `needs node:zlib zstd (Node ≥ 22.15); this is ${process.version}`;
      return { encode: async (rows) => ({ bytes: await encodeArchiveParquet(rows, { codec }) }) };
    },
  };
}

/** The same writer, columns and schema as tandem's encoder, with gzip at zlib's default level 6. */
function gzipLevel6Candidate(): Candidate {
  return {
    ...tandemCandidate('GZIP', 'not the default: the same columns and schema at gzip level 6'),
    writer: 'hyparquet-writer (bench: tandem schema)',
    codec: 'gzip (node:zlib, level 6)',
    async prepare() {
      const { parquetWriteBuffer } = await import('hyparquet-writer');
      const compressors = { GZIP: (b: Uint8Array) => zlib.gzipSync(b, { level: 6 }) };
      return {
        encode: async (rows) => {
          const columnData = ARCHIVE_COLUMNS.map((c) => ({
            name: c.name,
            data: rows.map(c.cell),
            statistics: c.statistics,
          }));
          const schema = ARCHIVE_SCHEMA as SchemaElement[];
          const file = parquetWriteBuffer({
            columnData,
            schema,
            codec: 'GZIP',
            compressors,
            rowGroupSize: rows.length,
          });
          return { bytes: new Uint8Array(file) };
        },
      };
    },
  };
}

function parquetWasmCandidate(codec: 'SNAPPY' | 'ZSTD'): Candidate {
  return {
    writer: 'parquet-wasm',
    codec: `${codec.toLowerCase()} (WASM)`,
    pkg: 'parquet-wasm',
    runtime: 'WASM',
    bundleEntry: `import { writeParquet, Table } from 'parquet-wasm'; ${keep('writeParquet, Table')}`,
    assets: [{ file: 'parquet-wasm/node/parquet_wasm_bg.wasm', copy: true }],
    parquet: true,
    note:
      'apache-arrow is not installed, so Arrow data comes from a tandem file via readParquet; records/s is the ' +
      'writeParquet step alone, an upper bound (building Arrow data from rows is left out)',
    async prepare() {
      const wasm = await import('parquet-wasm');
      const props = () => new wasm.WriterPropertiesBuilder().setCompression(wasm.Compression[codec]).build();
      return {
        encode: async (rows) => {
          const table = wasm.readParquet(await encodeArchiveParquet(rows, { codec: 'SNAPPY' }));
          const t = performance.now();
          const bytes = wasm.writeParquet(table, props());
          return { bytes, writeMs: performance.now() - t };
        },
      };
    },
  };
}

function parquetjsCandidate(): Candidate {
  return {
    writer: '@dsnp/parquetjs',
    codec: 'snappy (JS)',
    pkg: '@dsnp/parquetjs',
    runtime: 'pure JS',
    bundleEntry: `import { ParquetWriter, ParquetSchema } from '@dsnp/parquetjs'; ${keep('ParquetWriter, ParquetSchema')}`,
    parquet: true,
    note: 'no zstd codec; row-at-a-time async appendRow; pulls in @aws-sdk/client-s3 at import',
    async prepare() {
      const { ParquetSchema, ParquetWriter } = await import('@dsnp/parquetjs');
      const compression = 'SNAPPY' as const;
      const schema = new ParquetSchema({
        topic: { type: 'UTF8', compression },
        partition: { type: 'INT32', compression },
        offset: { type: 'INT64', compression },
        timestamp: { type: 'TIMESTAMP_MILLIS', compression },
        key: { type: 'UTF8', optional: true, compression },
        value: { type: 'UTF8', compression },
        headers: { type: 'UTF8', compression },
        ingest_time: { type: 'TIMESTAMP_MILLIS', compression },
      });
      return {
        encode: async (rows) => {
          const chunks: Buffer[] = [];
          const sink = new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
          });
          // parquetjs types the sink as an fs.WriteStream but only calls write() and end().
          const writer = await ParquetWriter.openStream(schema, sink as unknown as WriteStream);
          writer.setRowGroupSize(rows.length);
          for (const r of rows) {
            await writer.appendRow({
              topic: r.topic,
              partition: r.partition,
              offset: r.offset,
              timestamp: r.timestamp,
              key: r.key ?? undefined,
              value: r.value,
              headers: JSON.stringify(r.headers),
              ingest_time: r.ingestTime,
            });
          }
          await writer.close();
          return { bytes: Buffer.concat(chunks) };
        },
      };
    },
  };
}

function duckdbCandidate(codec: 'snappy' | 'zstd'): Candidate {
  const binding = `@duckdb/node-bindings-${process.platform}-${process.arch}`;
  return {
    writer: 'DuckDB (appender → COPY TO)',
    codec: `${codec} (native)`,
    pkg: '@duckdb/node-api',
    runtime: 'native (per-platform libduckdb)',
    bundleEntry: `import { DuckDBInstance } from '@duckdb/node-api'; ${keep('DuckDBInstance')}`,
    bundleExternal: ['@duckdb/node-bindings*'],
    assets: [
      { file: `${binding}/libduckdb.so`, copy: false },
      { file: `${binding}/duckdb.node`, copy: false },
    ],
    parquet: true,
    note: 'goes through a /tmp file; the instance is created once, outside the timing',
    async prepare() {
      const { DuckDBInstance, timestampMillisValue } = await import('@duckdb/node-api');
      const dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-bench-duckdb-'));
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      const file = path.join(dir, 'archive.parquet');
      return {
        encode: async (rows) => {
          await connection.run(
            'CREATE OR REPLACE TABLE archive (topic VARCHAR NOT NULL, "partition" INTEGER NOT NULL, ' +
              '"offset" BIGINT NOT NULL, "timestamp" TIMESTAMP_MS NOT NULL, "key" VARCHAR, "value" VARCHAR NOT NULL, ' +
              'headers VARCHAR NOT NULL, ingest_time TIMESTAMP_MS NOT NULL)',
          );
          const appender = await connection.createAppender('archive');
          for (const r of rows) {
            appender.appendVarchar(r.topic);
            appender.appendInteger(r.partition);
            appender.appendBigInt(r.offset);
            appender.appendTimestampMilliseconds(timestampMillisValue(BigInt(r.timestamp)));
            if (r.key === null) appender.appendNull();
            else appender.appendVarchar(r.key);
            appender.appendVarchar(r.value);
            appender.appendVarchar(JSON.stringify(r.headers));
            appender.appendTimestampMilliseconds(timestampMillisValue(BigInt(r.ingestTime)));
            appender.endRow();
          }
          appender.closeSync();
          await connection.run(
            `COPY archive TO '${file}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${rows.length})`,
          );
          return { bytes: await readFile(file) };
        },
        close: async () => {
          connection.closeSync();
          instance.closeSync();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

const jsonLine = (r: ArchiveRow) => JSON.stringify({ ...r, offset: r.offset.toString() });

function jsonLinesCandidate(gzip: boolean): Candidate {
  return {
    writer: gzip ? 'baseline: JSON Lines + gzip' : 'baseline: JSON Lines',
    codec: gzip ? 'gzip (node:zlib, level 6)' : 'none',
    pkg: 'node:zlib',
    runtime: 'built in',
    bundleEntry: `import zlib from 'node:zlib'; ${keep('zlib')}`,
    parquet: false,
    async prepare() {
      return {
        encode: async (rows) => {
          const text = Buffer.from(`${rows.map(jsonLine).join('\n')}\n`);
          return { bytes: gzip ? zlib.gzipSync(text) : text };
        },
      };
    },
  };
}

const GZIP_BASELINE = 'baseline: JSON Lines + gzip';

const candidates: Candidate[] = [
  tandemCandidate('GZIP', 'the default; one row group; min/max statistics on coordinates and times only'),
  tandemCandidate('SNAPPY', ''),
  gzipLevel6Candidate(),
  tandemCandidate('ZSTD', ''),
  parquetWasmCandidate('SNAPPY'),
  parquetWasmCandidate('ZSTD'),
  parquetjsCandidate(),
  duckdbCandidate('snappy'),
  duckdbCandidate('zstd'),
  jsonLinesCandidate(false),
  jsonLinesCandidate(true),
];

// ---------------------------------------------------------------- measurements

const coldCache = new Map<string, number>();

/**
 * The least milliseconds, over COLD_RUNS fresh Node.js processes, that `script`
 * prints: on a shared machine the minimum is the cost itself, the rest is noise.
 */
function coldMs(args: string[], script: string, env: NodeJS.ProcessEnv = process.env): number {
  const key = JSON.stringify([args, script]);
  const cached = coldCache.get(key);
  if (cached !== undefined) return cached;
  const runs = Array.from({ length: COLD_RUNS }, () =>
    Number(execFileSync(process.execPath, [...args, '-e', script], { cwd: root, env, encoding: 'utf8' })),
  );
  const best = Math.min(...runs);
  coldCache.set(key, best);
  return best;
}

/** `import()` of the installed package, as an unbundled Lambda (or `npm start`) would load it. */
function coldImportMs(pkg: string): number {
  return coldMs(
    ['--input-type=module'],
    `const t = performance.now(); await import(${JSON.stringify(pkg)}); console.log(performance.now() - t);`,
  );
}

function packageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/** Bytes of files under dir, not descending into nested node_modules (those count as packages of their own). */
function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') total += dirBytes(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** Installed bytes of the package alone and with every installed (optional) dependency, recursively. */
function installedSize(pkg: string): { own: number; total: number } | undefined {
  if (pkg.startsWith('node:')) return { own: 0, total: 0 };
  const first = packageDir(pkg, root);
  if (!first) return undefined;
  const seen = new Set<string>();
  const visit = (dir: string): number => {
    if (seen.has(dir)) return 0;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    let bytes = dirBytes(dir);
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const depDir = packageDir(dep, dir);
      if (depDir) bytes += visit(depDir);
    }
    return bytes;
  };
  return { own: dirBytes(first), total: visit(first) };
}

interface Shipped {
  /** Minified bundle plus the native/WASM files that must ship beside it. */
  bytes: number;
  binaryBytes: number;
  /** Loading the bundle in a fresh process: the writer's share of a Lambda init. */
  coldLoadMs: number | string;
}

const shippedCache = new Map<string, Shipped | undefined>();

/** Bundles the entry as CDK's NodejsFunction does by default (esbuild, CJS, minified) and cold-loads it. */
async function shipped(c: Candidate, dir: string): Promise<Shipped | undefined> {
  if (!shippedCache.has(c.bundleEntry)) shippedCache.set(c.bundleEntry, await bundleAndLoad(c, dir));
  return shippedCache.get(c.bundleEntry);
}

async function bundleAndLoad(c: Candidate, dir: string): Promise<Shipped | undefined> {
  let esbuild: typeof import('esbuild');
  try {
    // esbuild arrives with tsx; it is the bundler CDK's NodejsFunction uses.
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  const out = path.join(dir, String(shippedCache.size));
  const outfile = path.join(out, 'index.cjs');
  await esbuild.build({
    stdin: { contents: c.bundleEntry, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    outfile,
    logLevel: 'silent',
    external: c.bundleExternal ?? [],
  });
  let binaryBytes = 0;
  for (const asset of c.assets ?? []) {
    const from = path.join(root, 'node_modules', asset.file);
    binaryBytes += statSync(from).size;
    if (asset.copy) await copyFile(from, path.join(out, path.basename(asset.file)));
  }
  let coldLoadMs: number | string;
  try {
    coldLoadMs = coldMs(
      [],
      `const t = performance.now(); require(${JSON.stringify(outfile)}); console.log(performance.now() - t);`,
      // Externals (DuckDB's native binding) resolve from the project, as they would from a Lambda layer.
      { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
    );
  } catch {
    coldLoadMs = 'fails';
  }
  return { bytes: statSync(outfile).size + binaryBytes, binaryBytes, coldLoadMs };
}

const mb = (bytes: number) => fmt(bytes / 1e6, 1);
const ms = (v: number | string) => (typeof v === 'number' ? fmt(v, 1) : v);

export async function run(): Promise<void> {
  const batches = makeBatches();
  const jsonBytes = batches.flat().reduce((n, r) => n + Buffer.byteLength(jsonLine(r)) + 1, 0);
  const bundles = await mkdtemp(path.join(os.tmpdir(), 'tandem-bench-bundles-'));
  const rows: Record<string, string | number>[] = [];
  const lanes: { c: Candidate; row: Record<string, string | number>; ready: Ready; times: number[]; bytes: number }[] =
    [];

  try {
    for (const c of candidates) {
      const size = installedSize(c.pkg);
      const ship = await shipped(c, bundles);
      const row: Record<string, string | number> = {
        writer: c.writer,
        codec: c.codec,
        'records/s': '–',
        'bytes/record': '–',
        'size vs JSONL.gz': '–',
        runtime: c.runtime,
        'cold import ms (node_modules)': ms(coldImportMs(c.pkg)),
        'cold load ms (bundle)': ship ? ms(ship.coldLoadMs) : 'n/a',
        'ships KB (bundle + native/WASM)': ship
          ? `${fmt(ship.bytes / 1e3)}${ship.binaryBytes ? ` (${mb(ship.binaryBytes)} MB native/WASM)` : ''}`
          : 'n/a',
        'installed MB (pkg / with deps)': size ? `${mb(size.own)} / ${mb(size.total)}` : 'not installed',
        notes: c.note ?? '',
      };
      rows.push(row);
      const ready = await c.prepare();
      if (typeof ready === 'string') row.notes = `not run: ${ready}`;
      else lanes.push({ c, row, ready, times: [], bytes: 0 });
    }

    // Round-robin, so load from anything else on the machine falls on every candidate alike.
    for (let round = 0; round < WARMUP + RUNS; round++) {
      for (const lane of lanes) {
        let elapsed = 0;
        lane.bytes = 0;
        for (const batch of batches) {
          const t = performance.now();
          const out = await lane.ready.encode(batch);
          elapsed += out.writeMs ?? performance.now() - t;
          lane.bytes += out.bytes.byteLength;
          if (round === 0 && lane.c.parquet) {
            const { buffer, byteOffset, byteLength } = out.bytes;
            const meta = parquetMetadata(buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
            if (meta.num_rows !== BigInt(batch.length)) throw new Error(`${lane.c.writer}: ${meta.num_rows} rows`);
          }
        }
        if (round >= WARMUP) lane.times.push(elapsed);
      }
    }
  } finally {
    for (const lane of lanes) await lane.ready.close?.();
    await rm(bundles, { recursive: true, force: true });
  }

  const gzipBytes = lanes.find((l) => l.c.writer === GZIP_BASELINE)?.bytes ?? Number.NaN;
  for (const { row, times, bytes } of lanes) {
    row['records/s'] = fmt(RECORDS / (median(times) / 1000));
    row['bytes/record'] = fmt(bytes / RECORDS, 1);
    row['size vs JSONL.gz'] = `${fmt(bytes / gzipBytes, 2)}×`;
  }
  printTable(
    `Archive Parquet writers: ${fmt(RECORDS)} Kafka records as ${BATCHES} topic-partition files ` +
      `(${fmt(jsonBytes / RECORDS)} B/record as JSON Lines); median of ${RUNS} runs after ${WARMUP} warm-up; ` +
      `cold figures best of ${COLD_RUNS} processes; Node ${process.version} ${process.platform}-${process.arch}, ` +
      `${os.cpus().length} CPUs, load average ${fmt(os.loadavg()[0] ?? 0, 1)}`,
    rows,
  );
}
