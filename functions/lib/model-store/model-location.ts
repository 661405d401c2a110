/**
 * Where model `name` is published, from `MODEL_<NAME>_URI` (set by a `models` binding in
 * infra/pipeline.ts): `s3://bucket/prefix` on AWS (the CDK model store uploads
 * `models/<name>/` there), a directory path locally. One parser for every reader of the URI.
 */

import path from 'node:path';
import { modelUriEnvName } from '../../../infra/pipeline/names.js';
import { ModelStoreError } from './errors.js';

/** A model's published location. */
export type ModelLocation =
  | {
      kind: 'directory';
      /** The URI as set. */
      uri: string;
      /** Absolute path of the model's directory. */
      dir: string;
    }
  | {
      kind: 's3';
      /** The URI as set. */
      uri: string;
      bucket: string;
      /** Key prefix of the model's files: empty, or ending in `/`. */
      prefix: string;
    };

export function modelLocation(name: string, env: NodeJS.ProcessEnv = process.env): ModelLocation {
  const variable = modelUriEnvName(name);
  const uri = env[variable];
  if (!uri) throw new ModelStoreError(`${variable} is not set: bind model "${name}" in infra/pipeline.ts`);
  if (!uri.startsWith('s3://')) return { kind: 'directory', uri, dir: path.resolve(uri) };
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new ModelStoreError(`${variable} is not an s3://bucket/prefix URI: ${uri}`);
  const [, bucket = '', rawPrefix = ''] = match;
  const prefix = rawPrefix === '' || rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
  return { kind: 's3', uri, bucket, prefix };
}
