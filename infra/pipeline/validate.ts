import { ARCHIVE_COLUMNS } from '../../functions/lib/parquet/archive-columns.js';
import { InvalidPipelineError } from './errors.js';
import { compileFilterCriteria } from './filter/index.js';
import { RESERVED_LOCATION_NAMES } from './names.js';
import { type PipelineSpec, StartingPosition } from './types.js';

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
const SCHEDULE = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+ \S+ \S+ \S+ \S+ \S+\))$/;
const ROUTE = /^(GET|POST|PUT|PATCH|DELETE) (\/[A-Za-z0-9._~{}-]*)+$/;
/** A column name Hive, Glue and Athena accept unquoted. */
const HIVE_COLUMN = /^[a-z_][a-z0-9_]{0,127}$/;
/** Names an extra archive partition may not take: the archive's columns and its `dt=` partition. */
const ARCHIVE_NAMES = new Set<string>([...ARCHIVE_COLUMNS.map((c) => c.name), 'dt']);

/**
 * Checks every rule of the declaration and throws one error listing all
 * problems, each with its path (`triggers[2].batchSize`), so a bad edit is
 * caught at load, before anything is deployed or started.
 */
export function validatePipeline(p: PipelineSpec): PipelineSpec {
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  const int = (v: unknown, min: number, max: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

  for (const [name, t] of Object.entries(p.topics)) {
    check(TOPIC.test(name), `topics.${name}: not a legal Kafka topic name`);
    check(int(t.partitions, 1, 1000), `topics.${name}.partitions must be an integer 1..1000`);
    check(int(t.retentionHours, 1, 24 * 365 * 10), `topics.${name}.retentionHours must be an integer 1..87600`);
    if (t.demo) check(t.demo.ratePerSecond > 0, `topics.${name}.demo.ratePerSecond must be positive`);
    const partitionBy = t.archivePartitionBy ?? [];
    check(partitionBy.length <= 3, `topics.${name}.archivePartitionBy: at most 3 fields`);
    check(
      new Set(partitionBy).size === partitionBy.length,
      `topics.${name}.archivePartitionBy: a field is listed twice`,
    );
    for (const field of partitionBy) {
      check(
        HIVE_COLUMN.test(field),
        `topics.${name}.archivePartitionBy: "${field}" is not a Hive column name (lower case, digits, underscores)`,
      );
      check(!ARCHIVE_NAMES.has(field), `topics.${name}.archivePartitionBy: "${field}" is already an archive column`);
    }
  }
  for (const [name, t] of Object.entries(p.tables)) {
    check(NAME.test(name), `tables.${name}: names are lower-case kebab-case`);
    check(t.partitionKey.length > 0, `tables.${name}.partitionKey is required`);
    const keys = new Set([
      t.partitionKey,
      t.sortKey,
      ...Object.values(t.indexes ?? {}).flatMap((i) => [i.partitionKey, i.sortKey]),
    ]);
    for (const a of t.numberAttributes ?? [])
      check(keys.has(a), `tables.${name}.numberAttributes: "${a}" is not a key attribute of the table or an index`);
  }
  for (const name of Object.keys(p.buckets)) check(NAME.test(name), `buckets.${name}: names are lower-case kebab-case`);
  for (const [name, secret] of Object.entries(p.secrets)) {
    check(NAME.test(name), `secrets.${name}: names are lower-case kebab-case`);
    const { placeholder } = secret;
    // Secrets Manager takes a SecretString of 1 to 65,536 bytes.
    check(
      placeholder === undefined ||
        (typeof placeholder === 'string' && placeholder.length > 0 && Buffer.byteLength(placeholder) <= 65_536),
      `secrets.${name}.placeholder must be a string of 1 to 65,536 bytes`,
    );
  }
  for (const [name, m] of Object.entries(p.models)) {
    check(NAME.test(name), `models.${name}: names are lower-case kebab-case`);
    check(/^models\/[a-z0-9-]+$/.test(m.directory), `models.${name}.directory must be models/<name>`);
  }
  for (const [name, f] of Object.entries(p.functions)) {
    const at = `functions.${name}`;
    check(NAME.test(name), `${at}: names are lower-case kebab-case`);
    check(
      !(RESERVED_LOCATION_NAMES as readonly string[]).includes(name),
      `${at}: "${name}" is a path of the query API (GET /v1/air/${name}); pick another name`,
    );
    check(/^functions\/[a-z0-9-]+\/handler\.ts$/.test(f.handler), `${at}.handler must be functions/<name>/handler.ts`);
    check(int(f.memoryMb, 128, 10240), `${at}.memoryMb must be an integer 128..10240`);
    check(int(f.timeoutSeconds, 1, 900), `${at}.timeoutSeconds must be an integer 1..900`);
    for (const t of f.tables ?? []) check(t.name in p.tables, `${at}.tables: unknown table "${t.name}"`);
    for (const b of f.buckets ?? []) check(b.name in p.buckets, `${at}.buckets: unknown bucket "${b.name}"`);
    for (const t of f.produces ?? []) check(t in p.topics, `${at}.produces: unknown topic "${t}"`);
    for (const s of f.secrets ?? []) check(s in p.secrets, `${at}.secrets: unknown secret "${s}"`);
    for (const m of f.models ?? []) check(m in p.models, `${at}.models: unknown model "${m}"`);
    for (const m of f.publishes ?? []) check(m in p.models, `${at}.publishes: unknown model "${m}"`);
    check(!f.queriesArchive || 'archive' in p.buckets, `${at}.queriesArchive needs the "archive" bucket`);
    for (const file of f.files ?? []) {
      check(
        typeof file === 'string' && file !== '' && !file.startsWith('/') && !file.split('/').includes('..'),
        `${at}.files: "${file}" must be a path inside the repo`,
      );
    }
    for (const key of Object.keys(f.environment ?? {})) {
      check(/^[A-Z][A-Z0-9_]*$/.test(key), `${at}.environment.${key}: names are UPPER_SNAKE_CASE`);
      // Bindings set TABLE_*, BUCKET_*, SECRET_* and MODEL_<NAME>_URI; other MODEL_ settings are the function's own.
      check(
        !/^(TABLE_|BUCKET_|SECRET_|AWS_)|^MODEL_[A-Z0-9_]+_URI$/.test(key),
        `${at}.environment.${key}: reserved prefix (set by bindings)`,
      );
    }
  }
  const triggerNames = new Set<string>();
  p.triggers.forEach((t, i) => {
    const at = `triggers[${i}] (${t.name})`;
    check(NAME.test(t.name), `${at}.name: lower-case kebab-case`);
    check(!triggerNames.has(t.name), `${at}.name: duplicate trigger name`);
    triggerNames.add(t.name);
    check(t.function in p.functions, `${at}.function: unknown function "${t.function}"`);
    check(t.topic in p.topics, `${at}.topic: unknown topic "${t.topic}"`);
    check(int(t.batchSize, 1, 10_000), `${at}.batchSize must be an integer 1..10000`);
    check(int(t.batchingWindowMs, 0, 300_000), `${at}.batchingWindowMs must be an integer 0..300000`);
    check(
      Object.values(StartingPosition).includes(t.startingPosition),
      `${at}.startingPosition is not one of LATEST, TRIM_HORIZON, AT_TIMESTAMP`,
    );
    check(
      (t.startingPosition === 'AT_TIMESTAMP') === (t.startingPositionTimestamp !== undefined),
      `${at}.startingPositionTimestamp goes with (and only with) AT_TIMESTAMP`,
    );
    if (t.retry) {
      const r = t.retry;
      check(int(r.maximumRetryAttempts, -1, 10_000), `${at}.retry.maximumRetryAttempts must be -1..10000`);
      check(
        r.maximumRecordAgeSeconds === -1 || int(r.maximumRecordAgeSeconds, 60, 604_800),
        `${at}.retry.maximumRecordAgeSeconds must be -1 or 60..604800`,
      );
    }
    if (t.onFailure)
      check(t.onFailure.bucket in p.buckets, `${at}.onFailure.bucket: unknown bucket "${t.onFailure.bucket}"`);
    try {
      compileFilterCriteria(t.filterCriteria);
    } catch (err) {
      problems.push(`${at}.filterCriteria: ${(err as Error).message}`);
    }
  });
  const scheduleNames = new Set<string>();
  p.schedules.forEach((s, i) => {
    const at = `schedules[${i}] (${s.name})`;
    check(!scheduleNames.has(s.name), `${at}.name: duplicate schedule name`);
    scheduleNames.add(s.name);
    check(s.function in p.functions, `${at}.function: unknown function "${s.function}"`);
    check(SCHEDULE.test(s.expression), `${at}.expression must be rate(N unit) or cron(6 fields)`);
  });
  const routes = new Set<string>();
  p.api.forEach((r, i) => {
    const at = `api[${i}] (${r.route})`;
    check(ROUTE.test(r.route), `${at}.route must look like "GET /v1/path/{param}"`);
    check(!routes.has(r.route), `${at}.route: declared twice`);
    routes.add(r.route);
    check(r.function in p.functions, `${at}.function: unknown function "${r.function}"`);
    // An unauthenticated route is only for webhooks that verify a signature, which needs a secret.
    check(
      r.auth !== 'none' || (p.functions[r.function]?.secrets ?? []).length > 0,
      `${at}.auth "none" is only for signature-verified webhooks: the function must read its signing secret`,
    );
  });
  for (const [name, m] of Object.entries(p.metrics)) {
    const at = `metrics.${name}`;
    check(NAME.test(name), `${at}: names are lower-case kebab-case`);
    check(
      !(RESERVED_LOCATION_NAMES as readonly string[]).includes(name),
      `${at}: "${name}" is a path of the query API (GET /v1/air/${name}); pick another name`,
    );
    check(m.topic in p.topics, `${at}.topic: unknown topic "${m.topic}"`);
    const fn = p.functions[m.function];
    check(fn !== undefined, `${at}.function: unknown function "${m.function}"`);
    for (const table of ['windows', 'window-state'])
      check(
        (fn?.tables ?? []).some((t) => t.name === table && t.access === 'readwrite'),
        `${at}.function: ${m.function} must read and write the "${table}" table`,
      );
    check(
      p.triggers.some((t) => t.function === m.function && t.topic === m.topic),
      `${at}: no trigger delivers ${m.topic} to ${m.function}`,
    );
    check(m.key.length > 0 && m.key.every((k) => k.length > 0), `${at}.key needs at least one field path`);
    check(m.eventTime.field.length > 0, `${at}.eventTime.field is required`);
    if (m.value !== undefined)
      check(
        typeof m.value.field === 'string' && m.value.field.length > 0 && typeof m.value.unit === 'string',
        `${at}.value needs a field path and a unit`,
      );
    check(
      ['unix-seconds', 'unix-millis', 'iso-8601'].includes(m.eventTime.format),
      `${at}.eventTime.format must be unix-seconds, unix-millis or iso-8601`,
    );
    const size = m.window.sizeSeconds;
    const slide = m.window.slideSeconds ?? size;
    check(int(size, 1, 31 * 86_400), `${at}.window.sizeSeconds must be an integer 1..2678400`);
    check(int(slide, 1, size), `${at}.window.slideSeconds must be an integer 1..sizeSeconds`);
    check(Math.ceil(size / slide) <= 60, `${at}.window: a record may fall in at most 60 hopping windows`);
    check(int(m.allowedLatenessSeconds, 0, 7 * 86_400), `${at}.allowedLatenessSeconds must be an integer 0..604800`);
    check(
      int(m.idlePartitionTimeoutSeconds, 1, 86_400),
      `${at}.idlePartitionTimeoutSeconds must be an integer 1..86400`,
    );
    check(int(m.maxFutureSeconds, 0, 86_400), `${at}.maxFutureSeconds must be an integer 0..86400`);
    check(int(m.retentionDays, 1, 3650), `${at}.retentionDays must be an integer 1..3650`);
  }
  for (const [name, l] of Object.entries(p.locations ?? {})) {
    const at = `locations.${name}`;
    check(NAME.test(name), `${at}: names are lower-case kebab-case`);
    check(
      !(RESERVED_LOCATION_NAMES as readonly string[]).includes(name),
      `${at}: "${name}" is a path of the query API (GET /v1/air/${name}); pick another name`,
    );
    const degrees = (v: unknown, limit: number) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= limit;
    check(degrees(l.lat, 90), `${at}.lat must be a number of degrees in -90..90`);
    check(degrees(l.lon, 180), `${at}.lon must be a number of degrees in -180..180`);
    check(typeof l.description === 'string' && l.description.trim().length > 0, `${at}.description is required`);
  }
  if (problems.length > 0) throw new InvalidPipelineError(problems);
  return p;
}
