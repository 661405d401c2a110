import { ProtocolError } from './errors.js';

/**
 * Bounds-checked cursor over a received frame. Every read that would run past
 * the end throws {@link ProtocolError}, so a truncated or lying frame can never
 * read another request's bytes or crash the broker.
 */
export class Reader {
  readonly buffer: Buffer;
  offset: number;
  readonly end: number;

  constructor(buffer: Buffer, offset = 0, end = buffer.length) {
    this.buffer = buffer;
    this.offset = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): number {
    const at = this.offset;
    if (n < 0 || at + n > this.end) {
      throw new ProtocolError(`frame truncated: need ${n} bytes at ${at}, ${this.end - at} left`);
    }
    this.offset = at + n;
    return at;
  }

  int8(): number {
    return this.buffer.readInt8(this.need(1));
  }
  int16(): number {
    return this.buffer.readInt16BE(this.need(2));
  }
  uint16(): number {
    return this.buffer.readUInt16BE(this.need(2));
  }
  int32(): number {
    return this.buffer.readInt32BE(this.need(4));
  }
  uint32(): number {
    return this.buffer.readUInt32BE(this.need(4));
  }
  int64(): bigint {
    return this.buffer.readBigInt64BE(this.need(8));
  }
  float64(): number {
    return this.buffer.readDoubleBE(this.need(8));
  }
  bool(): boolean {
    return this.buffer[this.need(1)] !== 0;
  }

  /** Unsigned LEB128 varint, at most 5 bytes (32 bits). */
  uvarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buffer[this.need(1)] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
      if (shift > 28) throw new ProtocolError('varint longer than 5 bytes');
    }
    if (value > 0xffffffff) throw new ProtocolError('varint exceeds 32 bits');
    return value;
  }

  /** Zig-zag signed varint (record fields). */
  varint(): number {
    const raw = this.uvarint();
    return raw & 1 ? -((raw + 1) / 2) : raw / 2;
  }

  /** Zig-zag signed varlong (record fields), as a number: record deltas fit 2^53. */
  varlong(): number {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.buffer[this.need(1)] as number;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw new ProtocolError('varlong longer than 10 bytes');
    }
    return Number((value >> 1n) ^ -(value & 1n));
  }

  uuid(): Buffer {
    const at = this.need(16);
    return this.buffer.subarray(at, at + 16);
  }

  /** A slice that shares memory with the frame. */
  bytes(n: number): Buffer {
    const at = this.need(n);
    return this.buffer.subarray(at, at + n);
  }

  utf8(n: number): string {
    const at = this.need(n);
    return this.buffer.toString('utf8', at, at + n);
  }

  skip(n: number): void {
    this.need(n);
  }
}
