import { describe, expect, it } from 'vitest';
import { archiveBytes, archiveText, BASE64_PREFIX } from '../../../../functions/lib/parquet/index.js';

describe('archiveText', () => {
  it('keeps valid UTF-8 as text', () => {
    // Prepare
    const bytes = Buffer.from('user-42 café 😀');

    // Act
    const text = archiveText(bytes);

    // Assess
    expect(text).toBe('user-42 café 😀');
  });

  it('stores invalid UTF-8 as base64 behind the prefix', () => {
    // Prepare
    const bytes = new Uint8Array([0xff, 0x00, 0xc3, 0x28]);

    // Act
    const text = archiveText(bytes);

    // Assess
    expect(text).toBe(`${BASE64_PREFIX}${Buffer.from(bytes).toString('base64')}`);
  });

  it('base64-encodes text that already starts with the prefix, so nothing is ambiguous', () => {
    // Prepare
    const bytes = Buffer.from('base64:not really');

    // Act
    const text = archiveText(bytes);

    // Assess
    expect(text).toBe(`${BASE64_PREFIX}${bytes.toString('base64')}`);
  });

  it.each([
    ['empty', new Uint8Array()],
    ['ascii', Buffer.from('key')],
    ['invalid UTF-8', new Uint8Array([0x80])],
    ['prefixed text', Buffer.from('base64:abc')],
    ['a byte-order mark', Buffer.from([0xef, 0xbb, 0xbf, 0x41])],
    ['a view into a larger buffer', Buffer.from('xxkeyxx').subarray(2, 5)],
  ])('is undone by archiveBytes for %s', (_, bytes) => {
    // Act
    const back = archiveBytes(archiveText(bytes));

    // Assess
    expect(Buffer.compare(back, Buffer.from(bytes))).toBe(0);
  });
});
