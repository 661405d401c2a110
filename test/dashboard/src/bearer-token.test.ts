import { describe, expect, it } from 'vitest';
import { bearerToken, type TokenPlace } from '../../../dashboard/src/bearer-token.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2ln';

function place(hash: string, stored?: string): TokenPlace & { cleared: number; saved: Map<string, string> } {
  const saved = new Map<string, string>(stored ? [['tandem.dashboard.token', stored]] : []);
  const p = {
    hash,
    cleared: 0,
    saved,
    storage: { getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => void saved.set(k, v) },
    clearHash: () => {
      p.cleared++;
    },
  };
  return p;
}

describe('bearerToken', () => {
  it('takes the token from the sign-in redirect, keeps it for the tab and clears the address bar', () => {
    // Prepare
    const p = place(`#access_token=${JWT}&token_type=Bearer&expires_in=3600`);

    // Act
    const token = bearerToken(p);

    // Assess
    expect(token).toBe(JWT);
    expect(p.saved.get('tandem.dashboard.token')).toBe(JWT);
    expect(p.cleared).toBe(1);
  });

  it('accepts an id_token too, and falls back to the stored token on reload', () => {
    // Assess
    expect(bearerToken(place(`#id_token=${JWT}`))).toBe(JWT);
    expect(bearerToken(place('', JWT))).toBe(JWT);
  });

  it('ignores what is not a JWT and answers undefined when there is none', () => {
    // Assess
    expect(bearerToken(place('#access_token=<script>'))).toBeUndefined();
    expect(bearerToken(place('', 'not a token'))).toBeUndefined();
    expect(bearerToken(place(''))).toBeUndefined();
  });
});
