import type { S3Client } from '@aws-sdk/client-s3';
import { s3Client } from '../aws/index.js';
import { modelLocation } from '../model-store/model-location.js';
import { type ModelRegistry, modelRegistry } from './model-registry.js';
import { directoryObjects, type RegistryObjects, s3Objects } from './objects.js';

/** The registry root of model `name` where its `MODEL_<NAME>_URI` says it is (a directory locally, the models bucket on AWS). */
export function registryObjectsOf(
  name: string,
  options: { env?: NodeJS.ProcessEnv; s3?: S3Client } = {},
): RegistryObjects {
  const location = modelLocation(name, options.env);
  return location.kind === 'directory'
    ? directoryObjects(location.dir)
    : s3Objects(options.s3 ?? s3Client(), location.bucket, location.prefix);
}

/** The registry of model `name` where its `MODEL_<NAME>_URI` says it is. */
export function registryOf(name: string, options: { env?: NodeJS.ProcessEnv; s3?: S3Client } = {}): ModelRegistry {
  return modelRegistry(name, registryObjectsOf(name, options));
}
