import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

/** A local DynamoDB API (dynalite) on 127.0.0.1; state on disk under `dir`, or in memory. */
export interface LocalService {
  endpoint: string;
  close(): Promise<void>;
}

export async function startDynamo(options: { dir?: string; port?: number } = {}): Promise<LocalService> {
  const server = dynalite({
    ...(options.dir ? { path: options.dir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
