/**
 * Where a function finds a model's files (`MODEL_<NAME>_URI`, set by a `models` binding):
 *
 * - a local directory (the local runtime, tests): used in place;
 * - `s3://bucket/prefix` (AWS): every object under the prefix is downloaded once per
 *   container into `/tmp/models/<name>/` (Lambda's only writable place), then used from there.
 *   Concurrent callers share one download.
 */

import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { s3Client } from '../aws/index.js';
import { ModelStoreError } from './errors.js';
import { type ModelLocation, modelLocation } from './model-location.js';

export interface ModelDirectoryOptions {
  /** Environment (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** S3 client for `s3://` URIs (default: the shared one). */
  s3?: S3Client;
  /** Where downloads go (default: the OS temp directory, `/tmp` on Lambda). */
  cacheDir?: string;
}

const downloads = new Map<string, Promise<string>>();

/** The local directory holding the files of model `name` (a key of `models` in infra/pipeline.ts). */
export function modelDirectory(name: string, options: ModelDirectoryOptions = {}): Promise<string> {
  let location: ModelLocation;
  try {
    location = modelLocation(name, options.env);
  } catch (error) {
    return Promise.reject(error);
  }
  if (location.kind === 'directory') return Promise.resolve(location.dir);
  let download = downloads.get(location.uri);
  if (!download) {
    download = downloadPrefix(name, location, options);
    downloads.set(location.uri, download);
    download.catch(() => downloads.delete(location.uri));
  }
  return download;
}

async function downloadPrefix(
  name: string,
  location: ModelLocation & { kind: 's3' },
  options: ModelDirectoryOptions,
): Promise<string> {
  const { uri, bucket, prefix } = location;
  const s3 = options.s3 ?? s3Client();
  const digest = createHash('sha256').update(uri).digest('hex').slice(0, 16);
  const dir = path.join(options.cacheDir ?? tmpdir(), 'models', `${name}-${digest}`);
  await mkdir(dir, { recursive: true });
  let token: string | undefined;
  let files = 0;
  try {
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const relative = (object.Key ?? '').slice(prefix.length);
        if (relative === '' || relative.endsWith('/') || relative.split('/').includes('..')) continue;
        const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
        const target = path.join(dir, relative);
        await mkdir(path.dirname(target), { recursive: true });
        // Write then rename, so a reader never sees half a file.
        await writeFile(`${target}.part`, await body.Body!.transformToByteArray());
        await rename(`${target}.part`, target);
        files++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  } catch (error) {
    throw new ModelStoreError(`downloading model "${name}" from ${uri} failed`, { cause: error });
  }
  if (files === 0) throw new ModelStoreError(`model "${name}": no objects under ${uri}`);
  return dir;
}
