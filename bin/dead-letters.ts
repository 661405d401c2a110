import { existsSync } from 'node:fs';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { Producer } from '@platformatic/kafka';
import {
  type DeadLetterFilter,
  listDeadLetters,
  markReplayed,
  recordName,
  type StoredDeadLetter,
} from '../functions/lib/dead-letter/index.js';
import { LOCAL_REGION, localBucketName } from '../infra/local/provision.js';
import { S3_CREDENTIALS, startS3 } from '../infra/local/services/s3.js';
import { terminalText } from '../infra/local/terminal-text.js';

/**
 * `tandem dead-letters [list|replay]`: finds the records the pipeline dead-lettered (reason,
 * coordinates, a preview of the value, where the whole document is) and re-produces chosen
 * ones to their topic once the cause is fixed.
 *
 * Locally (default) it reads the dead-letter bucket of a state directory (`--data-dir`,
 * default `.tandem`) through its own S3 stand-in on that directory, so it works whether or
 * not `npm start` is running; with `--bucket` it reads that S3 bucket with the AWS SDK's
 * default credentials and region (the stack's dead-letter bucket on AWS).
 *
 * A replay produces each record's key, value and headers to its topic (at-least-once, like
 * every producer) and then marks the dead letter replayed, so running the same replay again
 * skips it (`--again` replays it anyway). A crash between the two can produce it twice; every
 * consumer of tandem dedupes on the record's own id.
 */
export interface DeadLetterCommandOptions {
  action: 'list' | 'replay';
  dataDir: string;
  bucket?: string | undefined;
  filter: DeadLetterFilter;
  json: boolean;
  /** Replay: broker to produce to (`host:port[,…]`). */
  bootstrap: string;
  /** Replay: re-produce records already replayed. */
  again: boolean;
  /** Replay: say what would be produced, produce nothing. */
  dryRun: boolean;
  out?: NodeJS.WritableStream;
}

export class DeadLetterCommandError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeadLetterCommandError';
  }
}

export async function runDeadLettersCommand(options: DeadLetterCommandOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const store = await openStore(options);
  try {
    if (options.action === 'list') return await list(store, options, out);
    return await replay(store, options, out);
  } finally {
    await store.close();
  }
}

interface Store {
  s3: S3Client;
  bucket: string;
  /** Where a key's object lies on disk, locally. */
  fileOf?: (key: string) => string;
  close(): Promise<void>;
}

async function openStore(options: DeadLetterCommandOptions): Promise<Store> {
  if (options.bucket !== undefined) {
    const s3 = new S3Client({});
    return { s3, bucket: options.bucket, close: async () => s3.destroy() };
  }
  const dir = path.join(options.dataDir, 's3');
  if (!existsSync(dir)) {
    throw new DeadLetterCommandError(
      `no local state in ${options.dataDir} (run npm start first, or pass --data-dir or --bucket)`,
    );
  }
  const server = await startS3({ dir });
  const s3 = new S3Client({
    endpoint: server.endpoint,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: S3_CREDENTIALS,
  });
  const bucket = localBucketName('dead-letters');
  return {
    s3,
    bucket,
    // s3rver keeps each object as <dir>/<bucket>/<key>._S3rver_object.
    fileOf: (key) => path.join(dir, bucket, `${key}._S3rver_object`),
    close: async () => {
      s3.destroy();
      await server.close();
    },
  };
}

async function list(store: Store, options: DeadLetterCommandOptions, out: NodeJS.WritableStream): Promise<number> {
  let count = 0;
  const byReason = new Map<string, number>();
  for await (const letter of listDeadLetters(store.s3, store.bucket, options.filter)) {
    count++;
    byReason.set(letter.document.reason, (byReason.get(letter.document.reason) ?? 0) + 1);
    out.write(options.json ? `${JSON.stringify(summaryOf(store, letter))}\n` : `${lineOf(store, letter)}\n`);
  }
  if (!options.json) {
    const reasons = [...byReason].map(([reason, n]) => `${reason} ${n}`).join(', ');
    out.write(`${count} dead letter(s)${count > 0 ? `: ${reasons}` : ''} in s3://${store.bucket}/records/\n`);
  }
  return 0;
}

async function replay(store: Store, options: DeadLetterCommandOptions, out: NodeJS.WritableStream): Promise<number> {
  const chosen: StoredDeadLetter[] = [];
  let skipped = 0;
  for await (const letter of listDeadLetters(store.s3, store.bucket, options.filter)) {
    if (letter.replayedAt !== undefined && !options.again) skipped++;
    else if (letter.document.value === undefined) {
      out.write(`skipping ${recordName(letter.document)}: it could not be decoded, so there is nothing to produce\n`);
      skipped++;
    } else chosen.push(letter);
  }
  if (options.dryRun || chosen.length === 0) {
    for (const letter of chosen) out.write(`would replay ${recordName(letter.document)} (${letter.document.reason})\n`);
    out.write(`${chosen.length} to replay, ${skipped} skipped (already replayed or undecodable)\n`);
    return 0;
  }
  const producer = new Producer({
    clientId: 'tandem-dead-letters',
    bootstrapBrokers: options.bootstrap.split(','),
    idempotent: true,
    autocreateTopics: false,
  });
  let replayed = 0;
  try {
    for (const letter of chosen) {
      const d = letter.document;
      await producer.send({
        messages: [
          {
            topic: d.coordinates.topic,
            ...(d.key ? { key: Buffer.from(d.key.base64, 'base64') } : {}),
            ...(d.value ? { value: Buffer.from(d.value.base64, 'base64') } : {}),
            headers: new Map(
              (d.headers ?? []).map((h) => [Buffer.from(h.key), Buffer.from(h.value.base64, 'base64')] as const),
            ),
          },
        ],
      });
      await markReplayed(store.s3, store.bucket, letter.key, {
        replayedAt: new Date().toISOString(),
        topic: d.coordinates.topic,
      });
      replayed++;
      out.write(`replayed ${recordName(d)} (${d.reason}) to ${d.coordinates.topic}\n`);
    }
  } catch (error) {
    throw new DeadLetterCommandError(
      `replay stopped after ${replayed} of ${chosen.length} record(s): ${(error as Error).message} (is the broker at ${options.bootstrap} running?)`,
      { cause: error },
    );
  } finally {
    await producer.close();
  }
  out.write(`${replayed} replayed, ${skipped} skipped (already replayed or undecodable)\n`);
  return 0;
}

function summaryOf(store: Store, letter: StoredDeadLetter) {
  const d = letter.document;
  return {
    reason: d.reason,
    detail: d.detail,
    function: d.function,
    coordinates: d.coordinates,
    deadLetteredAt: d.deadLetteredAt,
    preview: d.value?.utf8Preview?.slice(0, 200) ?? null,
    location: `s3://${letter.bucket}/${letter.key}`,
    ...(store.fileOf ? { file: store.fileOf(letter.key) } : {}),
    replayedAt: letter.replayedAt ?? null,
  };
}

function lineOf(store: Store, letter: StoredDeadLetter): string {
  const d = letter.document;
  const value = d.value === undefined ? '(undecodable)' : d.value === null ? '(null)' : d.value.utf8Preview;
  const preview = value === undefined ? `(${d.value?.bytes} bytes, not UTF-8)` : terminalText(value.slice(0, 80));
  const replayed = letter.replayedAt === undefined ? '' : `  replayed ${letter.replayedAt}`;
  const where = store.fileOf ? store.fileOf(letter.key) : `s3://${letter.bucket}/${letter.key}`;
  return [
    `${d.reason.padEnd(16)} ${recordName(d).padEnd(24)} ${d.function}  ${d.deadLetteredAt}${replayed}`,
    `  ${terminalText(d.detail)}`,
    `  ${preview}`,
    `  ${where}`,
  ].join('\n');
}
