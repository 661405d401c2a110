import { describe, expect, it } from 'vitest';
import {
  type DeadLetterEntry,
  deadLetterBytes,
  deadLetterDocument,
  deadLetterKey,
  PREVIEW_CHARS,
} from '../../../../functions/lib/dead-letter/index.js';

const entry: DeadLetterEntry = {
  topic: 'feedback',
  partition: 2,
  offset: 81234,
  reason: 'invalid',
  detail: 'feedback-2@81234 value is not valid UTF-8',
  timestamp: 1718712000123,
  key: Buffer.from('user-17'),
  value: Buffer.from([0xc3, 0x28, 0x41]),
  headers: [{ key: 'source', value: Buffer.from('slack') }],
};

describe('deadLetterKey', () => {
  it('names a dead letter by function and record coordinates, so a replay overwrites it', () => {
    // Prepare
    const replayed = { ...entry, detail: 'said differently the second time' };

    // Act
    const key = deadLetterKey('scorer', entry);

    // Assess
    expect(key).toBe('records/scorer/feedback/2/81234.json');
    expect(deadLetterKey('scorer', replayed)).toBe(key);
    expect(deadLetterKey('archiver', entry)).toBe('records/archiver/feedback/2/81234.json');
  });

  it('names a record without a readable offset by a hash of what was delivered, stable across replays', () => {
    // Prepare
    const raw = { topic: 'feedback', partition: 2, offset: 'x', value: '@@' };
    const undecodable: DeadLetterEntry = {
      topic: 'feedback',
      partition: 2,
      offset: null,
      reason: 'undecodable',
      detail: 'offset',
      raw,
    };
    const other: DeadLetterEntry = { ...undecodable, raw: { ...raw, value: '##' } };

    // Act
    const key = deadLetterKey('scorer', undecodable);

    // Assess
    expect(key).toMatch(/^records\/scorer\/feedback\/2\/no-offset-[0-9a-f]{32}\.json$/);
    expect(deadLetterKey('scorer', structuredClone(undecodable))).toBe(key);
    expect(deadLetterKey('scorer', other)).not.toBe(key);
  });
});

describe('deadLetterDocument', () => {
  it('holds reason, detail, coordinates, function, time, and every byte as base64 with UTF-8 previews where valid', () => {
    // Prepare
    const now = Date.UTC(2024, 5, 18, 12, 30);

    // Act
    const document = deadLetterDocument('scorer', entry, now);

    // Assess
    expect(document).toEqual({
      reason: 'invalid',
      detail: 'feedback-2@81234 value is not valid UTF-8',
      coordinates: { topic: 'feedback', partition: 2, offset: 81234 },
      function: 'scorer',
      deadLetteredAt: '2024-06-18T12:30:00.000Z',
      timestamp: 1718712000123,
      key: { base64: 'dXNlci0xNw==', bytes: 7, utf8Preview: 'user-17' },
      value: { base64: 'wyhB', bytes: 3 },
      headers: [{ key: 'source', value: { base64: 'c2xhY2s=', bytes: 5, utf8Preview: 'slack' } }],
    });
  });

  it('keeps null keys and tombstones as null and leaves out what an undecodable record does not have', () => {
    // Prepare
    const tombstone: DeadLetterEntry = { ...entry, key: null, value: null, headers: [] };
    const undecodable: DeadLetterEntry = {
      topic: 'feedback',
      partition: 2,
      offset: 5,
      reason: 'undecodable',
      detail: 'bad base64',
      raw: { value: '@@' },
    };

    // Act
    const tombstoneDocument = deadLetterDocument('scorer', tombstone, 0);
    const undecodableDocument = deadLetterDocument('scorer', undecodable, 0);

    // Assess
    expect(tombstoneDocument).toMatchObject({ key: null, value: null, headers: [] });
    expect(Object.keys(undecodableDocument).sort()).toEqual(
      ['coordinates', 'deadLetteredAt', 'detail', 'function', 'raw', 'reason'].sort(),
    );
    expect(undecodableDocument.raw).toEqual({ value: '@@' });
  });
});

describe('deadLetterBytes', () => {
  it('previews long text without splitting a surrogate pair, and keeps every byte in base64', () => {
    // Prepare
    const text = `${'a'.repeat(PREVIEW_CHARS - 1)}😀tail`;

    // Act
    const bytes = deadLetterBytes(Buffer.from(text));

    // Assess
    expect(bytes.utf8Preview).toBe('a'.repeat(PREVIEW_CHARS - 1));
    expect(Buffer.from(bytes.base64, 'base64').toString('utf8')).toBe(text);
    expect(bytes.bytes).toBe(Buffer.byteLength(text));
  });
});
