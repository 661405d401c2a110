import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { vi } from 'vitest';

/** A real S3 API (s3rver) on 127.0.0.1 with the given buckets, objects in a temporary directory. */
export interface LocalS3 {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** A client of its own, for reading back what handlers wrote. */
  client: S3Client;
  /** Stops the server and removes its directory. */
  close(): Promise<void>;
}

export async function startLocalS3(buckets: readonly string[]): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'tandem-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Points the AWS SDK of handler modules imported after this at a local S3, and sets their
 * bucket variables (`vi.unstubAllEnvs()` undoes it).
 */
export function useLocalS3Environment(endpoint: string, buckets: Record<string, string>): void {
  vi.stubEnv('AWS_ENDPOINT_URL_S3', endpoint);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
  for (const [name, value] of Object.entries(buckets)) vi.stubEnv(name, value);
}

/** Every key in a bucket (under `prefix`), sorted. */
export async function listKeys(client: S3Client, bucket: string, prefix?: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) keys.push(object.Key!);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys.sort();
}

/** An object's bytes. */
export async function getObjectBytes(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

/** An object parsed as JSON. */
export async function getObjectJson(client: S3Client, bucket: string, key: string): Promise<unknown> {
  return JSON.parse((await getObjectBytes(client, bucket, key)).toString('utf8'));
}
