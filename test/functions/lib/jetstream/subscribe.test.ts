import { afterAll, describe, expect, it } from 'vitest';
import {
  JetstreamHttpError,
  type JetstreamReconnectNotice,
  jetstreamMessages,
  subscribeUrl,
} from '../../../../functions/lib/jetstream/index.js';
import { type JetstreamServer, startJetstreamServer } from '../../helpers/jetstream-server.js';

const T0 = 1_760_000_000_000_000;

describe('jetstreamMessages', () => {
  const servers: JetstreamServer[] = [];
  const open = async () => {
    const server = await startJetstreamServer();
    servers.push(server);
    return server;
  };

  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('builds the subscribe URL with every wanted collection and the cursor, replacing any already there', () => {
    // Act
    const url = subscribeUrl(
      'wss://jetstream.example/subscribe?cursor=1&wantedCollections=x&compress=false',
      ['app.bsky.feed.post', 'app.bsky.feed.like'],
      T0 + 0.7,
    );

    // Assess
    expect(url).toBe(
      `wss://jetstream.example/subscribe?compress=false&wantedCollections=app.bsky.feed.post&wantedCollections=app.bsky.feed.like&cursor=${T0}`,
    );
  });

  it('reconnects after a refused upgrade that may pass (503) with the cursor the caller gives, and stops quietly when aborted', async () => {
    // Prepare
    const server = await open();
    server.publishRaw([
      { timeUs: T0, data: '{"n":1}' },
      { timeUs: T0 + 1, data: '{"n":2}' },
    ]);
    server.refuseNextWith(503);
    const notices: JetstreamReconnectNotice[] = [];
    const controller = new AbortController();
    const received: string[] = [];

    // Act
    for await (const message of jetstreamMessages({
      url: server.url,
      wantedCollections: ['app.bsky.feed.post'],
      resumeCursor: () => T0,
      userAgent: 'tandem-test',
      signal: controller.signal,
      reconnectMs: 20,
      onReconnect: (notice) => notices.push(notice),
    })) {
      received.push(message.toString('utf8'));
      if (received.length === 2) controller.abort();
    }

    // Assess
    expect(received).toEqual(['{"n":1}', '{"n":2}']);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ attempt: 1, delayMs: 20, cursor: T0 });
    expect(notices[0]!.error).toBeInstanceOf(JetstreamHttpError);
    expect(server.connections.map((c) => [c.cursor, c.userAgent])).toEqual([[T0, 'tandem-test']]);
  });

  it('gives up at once on a refusal reconnecting cannot fix (404)', async () => {
    // Prepare
    const server = await open();
    server.refuseNextWith(404);

    // Act
    const error = await (async () => {
      for await (const _ of jetstreamMessages({
        url: server.url,
        wantedCollections: [],
        resumeCursor: () => undefined,
        userAgent: 'tandem-test',
        reconnectMs: 20,
      })) {
        // nothing arrives
      }
    })().catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(JetstreamHttpError);
    expect(error).toMatchObject({ status: 404, retryable: false });
  });
});
