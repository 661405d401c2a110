/**
 * A model as its publisher last left it (`MODEL_<NAME>_URI`), read file by file so a scorer
 * can tell cheaply whether it changed and then fetch exactly one copy of it:
 *
 * - `fingerprint(files)`: what identifies the published copy now. S3: one HeadObject per file,
 *   its ETag and VersionId (no body is read). Directory: SHA-256 of the files' bytes, because
 *   mtimes can be too coarse to tell two quick writes apart and a local model is a megabyte
 *   read from the page cache.
 * - `read(files)`: the files' bytes, with the fingerprint of exactly those bytes. On S3 it is
 *   built from what GetObject answered, so a publish landing between a HEAD and the GETs is
 *   seen by the next check instead of being recorded as already loaded.
 *
 * Every file is part of the fingerprint, not just the model card: a publisher that uploads the
 * card before the model would otherwise leave a half-published pair looking unchanged after
 * its second upload.
 *
 * The URI is a model registry's root (functions/lib/model-registry/layout.ts): its
 * `current.json` names the version in use, whose files are under `versions/<version>/`; without
 * that pointer (or when it names `shipped`), the root's own files, which deploys upload. The
 * pointer is read on every check, so a publication or a rollback reaches running scorers
 * without a redeploy, and it is part of the fingerprint.
 */

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Client } from '../aws/index.js';
import { CURRENT_POINTER, versionFileKey } from '../model-registry/layout.js';
import { parsePointer } from '../model-registry/pointer.js';
import { ModelStoreError } from './errors.js';
import { type ModelLocation, modelLocation } from './model-location.js';

/** One copy of a published model's files. */
export interface PublishedFiles {
  /** Identity of the published objects these bytes came from (comparable with `fingerprint()`). */
  fingerprint: string;
  /** SHA-256 of the files' bytes, in the order asked for: equal digests are the same model, whatever was re-uploaded. */
  digest: string;
  /** File name (relative to the model's directory) → bytes. */
  files: ReadonlyMap<string, Uint8Array>;
  /** The registry version they are (undefined: the root's files, the shipped model). */
  version?: string | undefined;
}

export interface PublishedModel {
  /** The model's name, a key of `models` in infra/pipeline.ts. */
  readonly name: string;
  /** `MODEL_<NAME>_URI` as set. */
  readonly uri: string;
  /** What identifies the published copy of `files` now; rejects with `ModelStoreError` when the store cannot say. */
  fingerprint(files: readonly string[], signal?: AbortSignal): Promise<string>;
  /** The published `files`; rejects with `ModelStoreError` when one cannot be read. */
  read(files: readonly string[], signal?: AbortSignal): Promise<PublishedFiles>;
}

export interface PublishedModelOptions {
  /** Environment (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** S3 client for `s3://` URIs (default: the shared one). */
  s3?: S3Client;
}

/** Model `name` where `MODEL_<NAME>_URI` says it is published; throws `ModelStoreError` when the URI is unset or malformed. */
export function publishedModel(name: string, options: PublishedModelOptions = {}): PublishedModel {
  const location = modelLocation(name, options.env);
  const reader = location.kind === 'directory' ? directoryReader(location) : s3Reader(location, options);
  const failed = (what: string, error: unknown) =>
    new ModelStoreError(`${what} model "${name}" at ${location.uri} failed`, { cause: error });
  return {
    name,
    uri: location.uri,
    async fingerprint(files, signal) {
      try {
        return await reader.fingerprint(files, signal);
      } catch (error) {
        throw failed('checking', error);
      }
    },
    async read(files, signal) {
      try {
        return await reader.read(files, signal);
      } catch (error) {
        throw failed('reading', error);
      }
    },
  };
}

type Reader = Pick<PublishedModel, 'fingerprint' | 'read'>;

function digestOf(bytes: readonly Uint8Array[]): string {
  // A hash of each file's hash, so moving bytes from one file to the next changes the digest.
  const hash = createHash('sha256');
  for (const b of bytes) hash.update(createHash('sha256').update(b).digest());
  return hash.digest('hex');
}

function directoryReader(location: ModelLocation & { kind: 'directory' }): Reader {
  const read = async (files: readonly string[], signal?: AbortSignal): Promise<PublishedFiles> => {
    const options = signal ? { signal } : {};
    const pointer = await readFile(path.join(location.dir, CURRENT_POINTER), options).catch((error) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    });
    const version = pointer ? parsePointer(pointer).version : undefined;
    const keyOf = (file: string) => (version ? versionFileKey(version, file) : file);
    const bytes = await Promise.all(files.map((file) => readFile(path.join(location.dir, keyOf(file)), options)));
    const digest = digestOf(bytes);
    return {
      fingerprint: `${version ?? 'root'} sha256:${digest}`,
      digest,
      version,
      files: new Map(files.map((file, i) => [file, bytes[i]!])),
    };
  };
  return { read, fingerprint: async (files, signal) => (await read(files, signal)).fingerprint };
}

/** `<file>=<ETag>[@<VersionId>]`, one per file: the same text from HeadObject and GetObject of the same object. */
function objectIdentity(file: string, object: { ETag?: string; VersionId?: string }): string {
  if (!object.ETag) throw new Error(`${file}: S3 answered without an ETag`);
  return `${file}=${object.ETag}${object.VersionId ? `@${object.VersionId}` : ''}`;
}

function s3Reader(location: ModelLocation & { kind: 's3' }, options: PublishedModelOptions): Reader {
  const s3 = () => options.s3 ?? s3Client();
  const send = (signal?: AbortSignal) => (signal ? { abortSignal: signal } : {});
  /** The version `current.json` names (undefined without one) and the pointer's identity. */
  const resolve = async (signal?: AbortSignal) => {
    try {
      const object = await s3().send(
        new GetObjectCommand({ Bucket: location.bucket, Key: `${location.prefix}${CURRENT_POINTER}` }),
        send(signal),
      );
      const pointer = parsePointer(await object.Body!.transformToByteArray());
      return { version: pointer.version, identity: objectIdentity(CURRENT_POINTER, object) };
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return { version: undefined, identity: 'root' };
      throw error;
    }
  };
  const key = (version: string | undefined, file: string) =>
    `${location.prefix}${version ? versionFileKey(version, file) : file}`;
  return {
    async fingerprint(files, signal) {
      const { version, identity } = await resolve(signal);
      const heads = await Promise.all(
        files.map((file) =>
          s3().send(new HeadObjectCommand({ Bucket: location.bucket, Key: key(version, file) }), send(signal)),
        ),
      );
      return [identity, ...files.map((file, i) => objectIdentity(file, heads[i]!))].join(' ');
    },
    async read(files, signal) {
      const { version, identity } = await resolve(signal);
      const objects = await Promise.all(
        files.map(async (file) => {
          const object = await s3().send(
            new GetObjectCommand({ Bucket: location.bucket, Key: key(version, file) }),
            send(signal),
          );
          const bytes = await object.Body!.transformToByteArray();
          return { identity: objectIdentity(file, object), bytes };
        }),
      );
      return {
        fingerprint: [identity, ...objects.map((o) => o.identity)].join(' '),
        digest: digestOf(objects.map((o) => o.bytes)),
        version,
        files: new Map(files.map((file, i) => [file, objects[i]!.bytes])),
      };
    },
  };
}
