/**
 * The compactor's S3 effects, each one request: list, get, head, put, delete. Nothing else in
 * the compactor talks to S3, so a test can wrap the client and fail any one of them.
 */

import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ListedObject } from './compaction-plan.js';

/** The archive bucket and the client to reach it. */
export interface ArchiveBucket {
  s3: S3Client;
  bucket: string;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** Every object under `prefix`. */
export async function listObjects(store: ArchiveBucket, prefix: string): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let marker: string | undefined;
  do {
    // ListObjects v1 pages by marker: s3rver's v2 continuation tokens use DES, which Node's OpenSSL 3 refuses.
    const page = await store.s3.send(
      new ListObjectsCommand({ Bucket: store.bucket, Prefix: prefix, ...(marker ? { Marker: marker } : {}) }),
    );
    for (const o of page.Contents ?? []) {
      objects.push({ key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified?.getTime() ?? 0 });
    }
    marker = page.IsTruncated ? (page.NextMarker ?? objects.at(-1)?.key) : undefined;
  } while (marker !== undefined);
  return objects;
}

/** An object's bytes, or undefined when there is no such object. */
export async function getObject(store: ArchiveBucket, key: string): Promise<Uint8Array | undefined> {
  try {
    const object = await store.s3.send(new GetObjectCommand({ Bucket: store.bucket, Key: key }));
    return await object.Body!.transformToByteArray();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Whether an object exists. */
export async function objectExists(store: ArchiveBucket, key: string): Promise<boolean> {
  try {
    await store.s3.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key }));
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Puts an object (S3 makes it visible whole or not at all). */
export async function putObject(
  store: ArchiveBucket,
  key: string,
  body: Uint8Array | string,
  contentType: string,
): Promise<void> {
  await store.s3.send(new PutObjectCommand({ Bucket: store.bucket, Key: key, Body: body, ContentType: contentType }));
}

/** Deletes an object; deleting one that is gone already succeeds, as S3 does. */
export async function deleteObject(store: ArchiveBucket, key: string): Promise<void> {
  await store.s3.send(new DeleteObjectCommand({ Bucket: store.bucket, Key: key }));
}
