/**
 * Reading dead letters back: the documents the sink wrote under `records/` (one per record)
 * and the replays made of them, marked under `replays/<the dead letter's key>` so a record is
 * re-produced once however often a replay is run. The same code reads the local S3 stand-in
 * and the stack's bucket on AWS.
 */

import { GetObjectCommand, ListObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DeadLetterDocument } from './document.js';

/** Which dead letters to read; every field narrows, none means all. */
export interface DeadLetterFilter {
  /** Pipeline function that dead-lettered them (first key segment). */
  function?: string | undefined;
  topic?: string | undefined;
  reason?: string | undefined;
  /** Exact records, as `topic-partition@offset`. */
  records?: readonly string[] | undefined;
}

/** One dead letter as stored. */
export interface StoredDeadLetter {
  bucket: string;
  key: string;
  document: DeadLetterDocument;
  /** When it was re-produced by a replay, if it was. */
  replayedAt?: string;
}

/** What a replay marker holds. */
export interface ReplayMarker {
  replayedAt: string;
  /** Where the record was produced again. */
  topic: string;
}

const RECORDS = 'records/';
const REPLAYS = 'replays/';

/** Every dead letter matching `filter`, oldest key order (function, topic, partition, offset as text). */
export async function* listDeadLetters(
  s3: S3Client,
  bucket: string,
  filter: DeadLetterFilter = {},
): AsyncGenerator<StoredDeadLetter> {
  const replayed = await replayMarkers(s3, bucket);
  const wanted = filter.records === undefined ? undefined : new Set(filter.records);
  const prefix = filter.function === undefined ? RECORDS : `${RECORDS}${filter.function}/`;
  for await (const key of keysUnder(s3, bucket, prefix)) {
    // records/<function>/<topic>/<partition>/<offset or no-offset-hash>.json
    const [, , topic] = key.split('/');
    if (filter.topic !== undefined && topic !== filter.topic) continue;
    const document = (await readJson(s3, bucket, key)) as DeadLetterDocument;
    if (filter.reason !== undefined && document.reason !== filter.reason) continue;
    if (wanted !== undefined && !wanted.has(recordName(document))) continue;
    const at = replayed.get(key);
    yield { bucket, key, document, ...(at === undefined ? {} : { replayedAt: at }) };
  }
}

/** `topic-partition@offset` (offset `?` when it could not be decoded). */
export function recordName(document: DeadLetterDocument): string {
  const { topic, partition, offset } = document.coordinates;
  return `${topic}-${partition}@${offset ?? '?'}`;
}

/** Marks a dead letter as replayed (after its record was produced again). */
export async function markReplayed(s3: S3Client, bucket: string, key: string, marker: ReplayMarker): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: `${REPLAYS}${key}`,
      Body: JSON.stringify(marker),
      ContentType: 'application/json',
    }),
  );
}

async function replayMarkers(s3: S3Client, bucket: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const key of keysUnder(s3, bucket, REPLAYS)) {
    const marker = (await readJson(s3, bucket, key)) as Partial<ReplayMarker>;
    out.set(key.slice(REPLAYS.length), typeof marker.replayedAt === 'string' ? marker.replayedAt : '?');
  }
  return out;
}

async function* keysUnder(s3: S3Client, bucket: string, prefix: string): AsyncGenerator<string> {
  // ListObjects v1 pages by marker: s3rver's v2 continuation tokens use DES, which Node's OpenSSL 3 refuses.
  let marker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, ...(marker ? { Marker: marker } : {}) }),
    );
    for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
    if (!page.IsTruncated || !page.Contents?.length) return;
    marker = page.Contents.at(-1)?.Key;
  }
}

async function readJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse((await out.Body?.transformToString()) ?? 'null');
}
