import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../../../../infra/local/kafka/index.js';
import { kcat } from './helpers/kcat.js';

/** Sends raw bytes on a fresh connection; resolves with what came back once the peer closes or `ms` pass. */
function throwBytes(port: number, bytes: Buffer, ms = 200): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(got));
    };
    const timer = setTimeout(finish, ms);
    socket.on('data', (d) => got.push(d));
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(bytes);
  });
}

function frame(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

function header(apiKey: number, version: number, correlationId: number, clientId = 'fuzz'): Buffer {
  const b = Buffer.alloc(10 + clientId.length);
  b.writeInt16BE(apiKey, 0);
  b.writeInt16BE(version, 2);
  b.writeInt32BE(correlationId, 4);
  b.writeInt16BE(clientId.length, 8);
  b.write(clientId, 10);
  return b;
}

describe('embedded broker under hostile input', () => {
  let broker: RunningBroker;
  const diagnostics: string[] = [];
  beforeAll(async () => {
    broker = await startBroker({
      port: 0,
      inMemory: true,
      maxFrameBytes: 1024 * 1024,
      log: (m) => diagnostics.push(m),
    });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('answers an unsupported ApiVersions version with UNSUPPORTED_VERSION in v0', async () => {
    // Act
    const reply = await throwBytes(broker.port, frame(header(18, 99, 7)));
    // Assess: size, correlation id, error code 35, then the api key array
    expect(reply.readInt32BE(4)).toBe(7);
    expect(reply.readInt16BE(8)).toBe(35);
    expect(reply.readInt32BE(10)).toBeGreaterThan(10);
  });

  it('closes the connection on an oversized frame, an unknown API or a truncated body', async () => {
    // Act
    const oversized = Buffer.alloc(8);
    oversized.writeInt32BE(2 * 1024 * 1024);
    const replies = await Promise.all([
      throwBytes(broker.port, oversized, 1000),
      throwBytes(broker.port, frame(header(999, 0, 1)), 1000),
      throwBytes(broker.port, frame(Buffer.concat([header(3, 12, 2), Buffer.from([0x05, 0x01])])), 1000),
    ]);
    // Assess: nothing is answered, and each connection is closed (resolved before the timeout by 'close').
    for (const r of replies) expect(r.length).toBe(0);
  });

  it('survives thousands of random and truncated frames, then serves real clients', async () => {
    // Prepare: a valid Metadata v12 frame to truncate and mutate.
    const valid = frame(Buffer.concat([header(3, 12, 42), Buffer.from([0x00, 0x01, 0x00, 0x00])]));
    const attacks: Buffer[] = [];
    for (let i = 0; i < 1500; i++) {
      const kind = i % 5;
      if (kind === 0) attacks.push(randomBytes(1 + (i % 200)));
      else if (kind === 1) attacks.push(valid.subarray(0, 1 + (i % (valid.length - 1))));
      else if (kind === 2) {
        const m = Buffer.from(valid);
        m[4 + (i % (m.length - 4))] = i & 0xff;
        attacks.push(m);
      } else if (kind === 3) {
        const apiKey = i % 23;
        attacks.push(frame(Buffer.concat([header(apiKey, i % 13, i), randomBytes(i % 64)])));
      } else {
        const body = Buffer.concat([header(i % 23, i % 13, i), randomBytes(8)]);
        const f = frame(body);
        f.writeInt32BE(body.length + 100); // lies about its length, then goes quiet
        attacks.push(f);
      }
    }
    // Act
    for (let i = 0; i < attacks.length; i += 100) {
      await Promise.all(attacks.slice(i, i + 100).map((a) => throwBytes(broker.port, a, 50)));
    }
    const producer = new Producer({
      clientId: 'after-fuzz',
      bootstrapBrokers: [broker.bootstrap],
      serializers: stringSerializers,
      autocreateTopics: true,
    });
    await producer.send({ messages: [{ topic: 'after-fuzz', value: 'still alive', partition: 0 }] });
    await producer.close();
    const out = await kcat([
      '-C',
      '-b',
      broker.bootstrap,
      '-t',
      'after-fuzz',
      '-p',
      '0',
      '-o',
      'beginning',
      '-e',
      '-q',
      '-f',
      '%s\n',
    ]);
    // Assess: bad bytes were refused as protocol errors, never reached a handler as an internal failure.
    expect(out).toBe('still alive\n');
    expect(diagnostics.length).toBeGreaterThan(100);
    expect(diagnostics.filter((d) => d.includes('internal error'))).toEqual([]);
  });
});
