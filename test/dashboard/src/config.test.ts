import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from '../../../dashboard/src/config.js';
import { DashboardConfigError } from '../../../dashboard/src/errors.js';

describe('parseConfig', () => {
  it('fills missing fields with the defaults and drops trailing slashes from the base URL', () => {
    // Act
    const configs = [
      parseConfig({}),
      parseConfig({ apiBaseUrl: 'https://x.example/prod/' }),
      parseConfig({ apiBaseUrl: '/' }),
    ];

    // Assess
    expect(configs).toEqual([
      DEFAULT_CONFIG,
      { apiBaseUrl: 'https://x.example/prod', refreshSeconds: 10, auth: 'none' },
      { apiBaseUrl: '', refreshSeconds: 10, auth: 'none' },
    ]);
  });

  it('reads the auth mode the stack writes', () => {
    // Assess
    expect(parseConfig({ apiBaseUrl: 'https://x.example', auth: 'jwt' }).auth).toBe('jwt');
    expect(parseConfig({ auth: 'iam' }).auth).toBe('iam');
  });

  it('refuses what is not a configuration', () => {
    // Prepare
    const bad: unknown[] = [
      null,
      [],
      'x',
      { apiBaseUrl: 3 },
      { apiBaseUrl: 'javascript:alert(1)' },
      { apiBaseUrl: 'api.example.com' },
      { refreshSeconds: 0 },
      { refreshSeconds: '10' },
      { auth: 'cookie' },
    ];

    // Act
    const errors = bad.map((raw) => {
      try {
        parseConfig(raw);
        return undefined;
      } catch (err) {
        return err;
      }
    });

    // Assess
    for (const err of errors) expect(err).toBeInstanceOf(DashboardConfigError);
  });
});
