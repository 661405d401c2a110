import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateWikiChange, WikiEventValidationError } from '../../../../functions/lib/wiki/index.js';

const EVENT = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../events/wiki/recentchange-edit.json'), 'utf8'),
) as Record<string, unknown>;

function fieldOf(value: unknown): string | undefined {
  try {
    validateWikiChange(value);
    return undefined;
  } catch (err) {
    if (!(err instanceof WikiEventValidationError)) throw err;
    return err.field;
  }
}

describe('validateWikiChange', () => {
  it('accepts a real recentchange event, ids above 2^31 and page creations with null old values', () => {
    // Prepare
    const created = {
      ...structuredClone(EVENT),
      type: 'new',
      id: 3_000_000_000,
      length: { old: null, new: 120 },
      revision: { old: null, new: 2_400_000_001 },
    };

    // Assess
    expect(validateWikiChange(structuredClone(EVENT)).user).toBe(EVENT.user);
    expect(validateWikiChange(created).id).toBe(3_000_000_000);
  });

  it('names the first field at fault', () => {
    // Prepare
    const broken = (change: (e: Record<string, unknown>) => void) => {
      const e = structuredClone(EVENT);
      change(e);
      return e;
    };

    // Assess
    expect(fieldOf('text')).toBe('(body)');
    expect(fieldOf(broken((e) => delete e.meta))).toBe('meta');
    expect(fieldOf(broken((e) => ((e.meta as Record<string, unknown>).dt = '2026-11-01 10:00')))).toBe('meta.dt');
    expect(fieldOf(broken((e) => (e.type = 'move')))).toBe('type');
    expect(fieldOf(broken((e) => (e.timestamp = Date.now())))).toBe('timestamp');
    expect(fieldOf(broken((e) => (e.timestamp = '1793527200')))).toBe('timestamp');
    expect(fieldOf(broken((e) => (e.user = '')))).toBe('user');
    expect(fieldOf(broken((e) => (e.bot = 'false')))).toBe('bot');
    expect(fieldOf(broken((e) => (e.id = 2 ** 53)))).toBe('id');
    expect(fieldOf(broken((e) => (e.revision = { old: -1, new: 5 })))).toBe('revision.old');
    expect(fieldOf(broken((e) => delete e.server_name))).toBe('server_name');
  });
});
