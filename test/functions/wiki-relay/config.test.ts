import { describe, expect, it } from 'vitest';
import { relayConfig, relayUserAgent } from '../../../functions/wiki-relay/config.js';
import { WikiRelayConfigError } from '../../../functions/wiki-relay/errors.js';
import { pipeline } from '../../../infra/pipeline.js';

const VALID = {
  WIKIMEDIA_STREAM_URL: 'https://stream.wikimedia.org/v2/stream/recentchange',
  RELAY_RUN_SECONDS: '55',
  TABLE_RELAY_CHECKPOINTS: 'tandem-relay-checkpoints',
};

describe('relayConfig', () => {
  it('reads the settings pipeline.ts declares for the relay', () => {
    // Prepare
    const env = { ...pipeline.functions['wiki-relay']!.environment, TABLE_RELAY_CHECKPOINTS: 't' };

    // Act
    const config = relayConfig(env);

    // Assess
    expect(config).toMatchObject({
      streamUrl: 'https://stream.wikimedia.org/v2/stream/recentchange',
      runMs: 55_000,
      table: 't',
    });
  });

  it('names the setting at fault', () => {
    // Prepare
    const cases: [Record<string, string>, string][] = [
      [{ ...VALID, WIKIMEDIA_STREAM_URL: '' }, 'WIKIMEDIA_STREAM_URL must be an http(s) URL, got ""'],
      [{ ...VALID, WIKIMEDIA_STREAM_URL: 'ftp://x/y' }, 'WIKIMEDIA_STREAM_URL must be an http(s) URL, got "ftp://x/y"'],
      [{ ...VALID, RELAY_RUN_SECONDS: '0' }, 'RELAY_RUN_SECONDS must be a number of seconds in (0, 900], got "0"'],
      [
        { ...VALID, RELAY_RUN_SECONDS: 'soon' },
        'RELAY_RUN_SECONDS must be a number of seconds in (0, 900], got "soon"',
      ],
      [
        { ...VALID, TABLE_RELAY_CHECKPOINTS: '' },
        'TABLE_RELAY_CHECKPOINTS is not set: bind the relay-checkpoints table',
      ],
    ];

    // Act
    const errors = cases.map(([env]) => {
      try {
        relayConfig(env);
        return undefined;
      } catch (error) {
        return error;
      }
    });

    // Assess
    for (const [i, error] of errors.entries()) {
      expect(error).toBeInstanceOf(WikiRelayConfigError);
      expect((error as Error).message).toBe(cases[i]![1]);
    }
  });

  it('adds the operator contact to the User-Agent when one is set', () => {
    // Act
    const agent = relayUserAgent({ RELAY_CONTACT: 'ops@example.org' });

    // Assess
    expect(agent).toMatch(
      /^tandem-wiki-relay\/0\.1 \(relays Wikimedia EventStreams into Kafka; ops@example\.org\) Node\.js\//,
    );
  });
});
