import net from 'node:net';

/** What came back on a raw socket: the status of the first response (0 when none) and all bytes as latin1. */
export interface RawExchange {
  status: number;
  text: string;
}

/**
 * Sends `bytes` exactly as given on a fresh connection (fetch and http.request refuse or fix
 * malformed requests before they leave), optionally closes the sending side or the whole
 * socket early, and collects whatever the server answers until it closes or `timeoutMs` passes.
 */
export function rawExchange(
  port: number,
  bytes: Buffer | string,
  options: { timeoutMs?: number; end?: 'half-close' | 'destroy' | 'keep-open' } = {},
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : 0, text });
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 2_000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', finish);
    socket.on('error', finish);
    socket.on('connect', () => {
      socket.write(bytes);
      if (options.end === 'destroy') setTimeout(finish, 20);
      else if (options.end !== 'keep-open') socket.end();
    });
  });
}
