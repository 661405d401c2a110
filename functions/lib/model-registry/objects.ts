/**
 * The few object operations the registry needs, over a model's root: on S3 (AWS) or a
 * directory (the local runtime and commands). The pointer's compare-and-swap is the one
 * write that can race (two retrainers, a rollback during a publish): S3 does it with a
 * conditional PutObject (`If-Match` / `If-None-Match: *`, answered 412 when lost); a
 * directory with an exclusive lock file around read-compare-rename.
 */

import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, ListObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { RegistryConflictError } from './errors.js';

export interface StoredObject {
  bytes: Uint8Array;
  /** Opaque identity of these bytes at this key, for `put`'s condition. */
  tag: string;
}

export interface RegistryObjects {
  /** Where the root is, for messages. */
  readonly uri: string;
  get(key: string): Promise<StoredObject | undefined>;
  /**
   * Writes `bytes` at `key`. `ifTag`: undefined writes unconditionally; null only if nothing
   * is there; a tag only if the object still has it. A lost condition throws RegistryConflictError.
   */
  put(key: string, bytes: Uint8Array, ifTag?: string | null): Promise<void>;
  /** Keys under `prefix` (relative to the root), in no particular order. */
  list(prefix: string): Promise<string[]>;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Lock files older than this are taken to be left by a crashed writer. */
const STALE_LOCK_MS = 30_000;

export function directoryObjects(root: string): RegistryObjects {
  const file = (key: string) => path.join(root, ...key.split('/'));
  const get = async (key: string): Promise<StoredObject | undefined> => {
    try {
      const bytes = await readFile(file(key));
      return { bytes, tag: sha256(bytes) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const writeAtomically = async (key: string, bytes: Uint8Array) => {
    const target = file(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, target);
  };
  const withLock = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const lock = `${file(key)}.lock`;
    await mkdir(path.dirname(lock), { recursive: true });
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(lock, 'wx');
        await handle.close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = await stat(lock).then(
          (s) => Date.now() - s.mtimeMs,
          () => 0,
        );
        if (age > STALE_LOCK_MS) await unlink(lock).catch(() => undefined);
        else if (attempt > 200) throw new RegistryConflictError(`${lock} is held by another writer`);
        else await new Promise((r) => setTimeout(r, 10));
      }
    }
    try {
      return await fn();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  };
  return {
    uri: root,
    get,
    async put(key, bytes, ifTag) {
      if (ifTag === undefined) return writeAtomically(key, bytes);
      await withLock(key, async () => {
        const held = await get(key);
        if (ifTag === null ? held !== undefined : held?.tag !== ifTag) {
          throw new RegistryConflictError(`${file(key)} changed since it was read`);
        }
        await writeAtomically(key, bytes);
      });
    },
    async list(prefix) {
      const base = file(prefix);
      const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch((error) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      });
      return entries
        .filter((e) => e.isFile() && !e.name.endsWith('.tmp') && !e.name.endsWith('.lock'))
        .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    },
  };
}

export function s3Objects(s3: S3Client, bucket: string, prefix: string): RegistryObjects {
  const key = (k: string) => `${prefix}${k}`;
  return {
    uri: `s3://${bucket}/${prefix}`,
    async get(k) {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key(k) }));
        return { bytes: await object.Body!.transformToByteArray(), tag: object.ETag ?? '' };
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async put(k, bytes, ifTag) {
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key(k),
            Body: bytes,
            ...(ifTag === null ? { IfNoneMatch: '*' } : ifTag !== undefined ? { IfMatch: ifTag } : {}),
          }),
        );
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        // 412: the condition failed; 409: a concurrent conditional write to the same key won.
        if (status === 412 || status === 409) {
          throw new RegistryConflictError(`s3://${bucket}/${key(k)} changed since it was read`, { cause: error });
        }
        throw error;
      }
    },
    async list(p) {
      // ListObjects (v1) with Marker: s3rver's v2 continuation tokens need a cipher OpenSSL 3 refuses.
      const keys: string[] = [];
      let marker: string | undefined;
      for (;;) {
        const page = await s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: key(p), Marker: marker }));
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(prefix.length));
        if (!page.IsTruncated || !page.Contents?.length) return keys;
        marker = page.Contents[page.Contents.length - 1]!.Key;
      }
    },
  };
}
