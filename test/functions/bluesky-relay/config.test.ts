import { describe, expect, it } from 'vitest';
import { blueskyRelayConfig } from '../../../functions/bluesky-relay/config.js';
import { BlueskyRelayConfigError } from '../../../functions/bluesky-relay/errors.js';
import { pipeline } from '../../../infra/pipeline.js';

const VALID = {
  BLUESKY_JETSTREAM_URL: 'wss://jetstream2.us-east.bsky.network/subscribe',
  BLUESKY_KEYWORDS: '{"*":["acme"]}',
  BLUESKY_RELAY_RUN_SECONDS: '50',
  TABLE_RELAY_CHECKPOINTS: 't',
};

describe('blueskyRelayConfig', () => {
  it('reads the settings pipeline.ts declares for the relay', () => {
    // Prepare
    const env = { ...pipeline.functions['bluesky-relay']!.environment, TABLE_RELAY_CHECKPOINTS: 't' };

    // Act
    const config = blueskyRelayConfig(env);

    // Assess
    expect(config).toMatchObject({
      jetstreamUrl: 'wss://jetstream2.us-east.bsky.network/subscribe',
      runMs: 50_000,
      table: 't',
    });
    expect(config.keywords.match('Acme is down', ['en'])).toBe('acme');
    expect(pipeline.functions['bluesky-relay']!.timeoutSeconds * 1000).toBeGreaterThan(config.runMs + 10_000);
  });

  it('names the setting at fault', () => {
    // Prepare
    const cases: [Record<string, string>, RegExp][] = [
      [{ BLUESKY_JETSTREAM_URL: 'https://jetstream.example/subscribe' }, /must be a ws\(s\) URL/],
      [{ BLUESKY_KEYWORDS: 'acme' }, /BLUESKY_KEYWORDS must be JSON/],
      [{ BLUESKY_KEYWORDS: '{"*":[]}' }, /non-empty array/],
      [{ BLUESKY_RELAY_RUN_SECONDS: '901' }, /BLUESKY_RELAY_RUN_SECONDS must be a number of seconds/],
      [{ TABLE_RELAY_CHECKPOINTS: '' }, /TABLE_RELAY_CHECKPOINTS is not set/],
    ];

    // Act
    const errors = cases.map(([overrides]) => {
      try {
        blueskyRelayConfig({ ...VALID, ...overrides });
        return undefined;
      } catch (error) {
        return error;
      }
    });

    // Assess
    errors.forEach((error, i) => {
      expect(error).toBeInstanceOf(BlueskyRelayConfigError);
      expect((error as Error).message).toMatch(cases[i]![1]);
    });
  });
});
