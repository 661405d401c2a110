import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import type { LocalService } from './dynamodb.js';

/** A local S3 API (s3rver) on 127.0.0.1, objects on disk under `dir`. Credentials are fixed: S3RVER/S3RVER. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export async function startS3(options: { dir: string; port?: number }): Promise<LocalService> {
  await mkdir(options.dir, { recursive: true });
  const server = new S3rver({
    port: options.port ?? 0,
    address: '127.0.0.1',
    silent: true,
    directory: options.dir,
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}
