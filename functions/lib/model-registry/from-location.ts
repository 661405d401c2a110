import type { S3Client } from '@aws-sdk/client-s3';
import { s3Client } from '../aws/index.js';
import { modelLocation } from '../model-store/model-location.js';
import { type ModelRegistry, modelRegistry } from './model-registry.js';
import { directoryObjects, s3Objects } from './objects.js';

/** The registry of model `name` where its `MODEL_<NAME>_URI` says it is (a directory locally, the models bucket on AWS). */
export function registryOf(name: string, options: { env?: NodeJS.ProcessEnv; s3?: S3Client } = {}): ModelRegistry {
  const location = modelLocation(name, options.env);
  return modelRegistry(
    name,
    location.kind === 'directory'
      ? directoryObjects(location.dir)
      : s3Objects(options.s3 ?? s3Client(), location.bucket, location.prefix),
  );
}
