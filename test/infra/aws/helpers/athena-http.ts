import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AthenaQueryClient } from '../../../../functions/lib/athena/index.js';

/**
 * An HTTP endpoint speaking the three Athena operations the retrainer calls, in Athena's
 * protocol (JSON 1.1: `POST /`, the operation in `X-Amz-Target: AmazonAthena.<Operation>`), each
 * answered by `client`: a bundled handler's own SDK client, pointed here with
 * `AWS_ENDPOINT_URL_ATHENA`, then reaches a stand-in (no Athena runs locally).
 */
export async function startAthenaEndpoint(client: AthenaQueryClient): Promise<{ url: string; close(): Promise<void> }> {
  const operations: Record<string, (input: never) => Promise<unknown>> = {
    StartQueryExecution: (input) => client.startQueryExecution(input),
    GetQueryExecution: (input) => client.getQueryExecution(input),
    GetQueryResults: (input) => client.getQueryResults(input),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const operation = operations[String(req.headers['x-amz-target'] ?? '').replace(/^AmazonAthena\./, '')];
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      if (!operation) return reply(400, { __type: 'UnknownOperationException', message: req.headers['x-amz-target'] });
      try {
        reply(200, await operation(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as never));
      } catch (error) {
        reply(400, { __type: 'InvalidRequestException', message: (error as Error).message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
