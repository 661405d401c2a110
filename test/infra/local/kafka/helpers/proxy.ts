import net from 'node:net';

/**
 * A TCP proxy in front of the broker that can lose the response to chosen
 * requests: it forwards the request, then cuts the client's connection before
 * the answer gets back. That is exactly the failure that makes a producer retry
 * a batch the broker has already appended.
 */
export interface LossyProxy {
  port: number;
  /** Requests seen per API key. */
  seen: Map<number, number>;
  close(): Promise<void>;
}

export async function startLossyProxy(
  target: { host: string; port: number },
  dropResponse: (apiKey: number, nth: number) => boolean,
): Promise<LossyProxy> {
  const seen = new Map<number, number>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    let cut = false;
    client.on('data', (data) => {
      pending = Buffer.concat([pending, data]);
      while (pending.length >= 4) {
        const size = pending.readInt32BE(0);
        if (pending.length < size + 4) break;
        const frame = pending.subarray(0, size + 4);
        pending = pending.subarray(size + 4);
        const apiKey = frame.readInt16BE(4);
        const nth = (seen.get(apiKey) ?? 0) + 1;
        seen.set(apiKey, nth);
        upstream.write(frame);
        if (dropResponse(apiKey, nth)) {
          cut = true;
          // Let the broker receive and append, then drop the client before the response returns.
          setTimeout(() => {
            client.destroy();
            upstream.destroy();
          }, 5);
        }
      }
    });
    upstream.on('data', (data) => {
      if (!cut) client.write(data);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    seen,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
