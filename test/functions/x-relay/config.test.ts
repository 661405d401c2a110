import { describe, expect, it } from 'vitest';
import { queryStream, xRelayConfig } from '../../../functions/x-relay/config.js';
import { XRelayConfigError } from '../../../functions/x-relay/errors.js';
import { pipeline } from '../../../infra/pipeline.js';

const VALID = {
  X_API_URL: 'https://api.x.com',
  X_SEARCH_QUERIES: '["@acme -is:retweet"]',
  X_RELAY_RUN_SECONDS: '60',
  TABLE_RELAY_CHECKPOINTS: 't',
};

describe('xRelayConfig', () => {
  it('reads the settings pipeline.ts declares for the relay', () => {
    // Prepare
    const env = { ...pipeline.functions['x-relay']!.environment, TABLE_RELAY_CHECKPOINTS: 't' };

    // Act
    const config = xRelayConfig(env);

    // Assess
    expect(config).toEqual({
      mode: 'search',
      backfillMinutes: 0,
      apiUrl: 'https://api.x.com',
      queries: ['(@acme OR #acme) -is:retweet lang:en'],
      runMs: 60_000,
      table: 't',
    });
    expect(pipeline.functions['x-relay']!.timeoutSeconds * 1000).toBeGreaterThan(config.runMs + 10_000);
  });

  it('names the setting at fault', () => {
    // Prepare
    const cases: [Record<string, string>, RegExp][] = [
      [{ X_API_URL: 'ftp://api.x.com' }, /X_API_URL must be an http\(s\) URL/],
      [{ X_SEARCH_QUERIES: '"@acme"' }, /X_SEARCH_QUERIES must be a JSON array/],
      [{ X_SEARCH_QUERIES: '[]' }, /X_SEARCH_QUERIES/],
      [{ X_SEARCH_QUERIES: '["a","a"]' }, /distinct/],
      [{ X_SEARCH_QUERIES: JSON.stringify(['x'.repeat(513)]) }, /at most 512/],
      [{ X_RELAY_RUN_SECONDS: '0' }, /X_RELAY_RUN_SECONDS must be a number of seconds/],
      [{ TABLE_RELAY_CHECKPOINTS: '' }, /TABLE_RELAY_CHECKPOINTS is not set/],
      [{ X_RELAY_MODE: 'firehose' }, /X_RELAY_MODE must be "search" or "stream"/],
      [{ X_STREAM_BACKFILL_MINUTES: '6' }, /X_STREAM_BACKFILL_MINUTES must be a whole number of minutes in \[0, 5\]/],
    ];

    // Act
    const errors = cases.map(([overrides]) => {
      try {
        xRelayConfig({ ...VALID, ...overrides });
        return undefined;
      } catch (error) {
        return error;
      }
    });

    // Assess
    errors.forEach((error, i) => {
      expect(error).toBeInstanceOf(XRelayConfigError);
      expect((error as Error).message).toMatch(cases[i]![1]);
    });
  });

  it('reads stream mode with its backfill', () => {
    // Act
    const config = xRelayConfig({ ...VALID, X_RELAY_MODE: 'stream', X_STREAM_BACKFILL_MINUTES: '2' });

    // Assess
    expect(config).toMatchObject({ mode: 'stream', backfillMinutes: 2 });
  });

  it('keys each query’s checkpoint by API and query, so neither resumes from another’s id', () => {
    // Act
    const keys = [
      queryStream('https://api.x.com', '@acme'),
      queryStream('https://api.x.com', '#acme'),
      queryStream('http://127.0.0.1:8080', '@acme'),
    ];

    // Assess
    expect(new Set(keys).size).toBe(3);
  });
});
