import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../../../../infra/local/kafka/log/crc32c.js';

/** Bit-at-a-time reference implementation. */
function reference(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('matches the standard check value', () => {
    // Prepare
    const input = Buffer.from('123456789');

    // Act
    const crc = crc32c(input);

    // Assess
    expect(crc).toBe(0xe3069283);
  });

  it('is 0 for no bytes and honours start/end', () => {
    // Prepare
    const padded = Buffer.from('xx123456789yy');

    // Act
    const empty = crc32c(Buffer.alloc(0));
    const ranged = crc32c(padded, 2, 11);

    // Assess
    expect(empty).toBe(0);
    expect(ranged).toBe(0xe3069283);
  });

  it('agrees with a bitwise implementation for every length up to 100 and unaligned starts', () => {
    // Prepare
    const data = randomBytes(200);

    for (let length = 0; length <= 100; length++) {
      for (const start of [0, 1, 3, 7]) {
        // Act
        const crc = crc32c(data, start, start + length);

        // Assess
        expect(crc).toBe(reference(data.subarray(start, start + length)));
      }
    }
  });
});
