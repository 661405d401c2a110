/**
 * Growable big-endian writer. Large payloads (record batches) are appended as
 * separate chunks instead of being copied, so a Fetch response that carries
 * megabytes of stored batches costs one copy at most (the socket write).
 */
export class Writer {
  private chunks: Buffer[] = [];
  private current: Buffer;
  private used = 0;
  private flushedLength = 0;

  constructor(initialSize = 256) {
    this.current = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.flushedLength + this.used;
  }

  private room(n: number): number {
    if (this.used + n > this.current.length) {
      if (this.used > 0) this.seal();
      this.current = Buffer.allocUnsafe(Math.max(n, this.current.length * 2, 256));
    }
    const at = this.used;
    this.used += n;
    return at;
  }

  private seal(): void {
    this.chunks.push(this.current.subarray(0, this.used));
    this.flushedLength += this.used;
    this.current = this.current.subarray(this.used);
    this.used = 0;
  }

  int8(v: number): this {
    const at = this.room(1);
    this.current.writeInt8(v, at);
    return this;
  }
  int16(v: number): this {
    const at = this.room(2);
    this.current.writeInt16BE(v, at);
    return this;
  }
  uint16(v: number): this {
    const at = this.room(2);
    this.current.writeUInt16BE(v, at);
    return this;
  }
  int32(v: number): this {
    const at = this.room(4);
    this.current.writeInt32BE(v, at);
    return this;
  }
  uint32(v: number): this {
    const at = this.room(4);
    this.current.writeUInt32BE(v >>> 0, at);
    return this;
  }
  int64(v: bigint): this {
    const at = this.room(8);
    this.current.writeBigInt64BE(v, at);
    return this;
  }
  float64(v: number): this {
    const at = this.room(8);
    this.current.writeDoubleBE(v, at);
    return this;
  }
  bool(v: boolean): this {
    const at = this.room(1);
    this.current[at] = v ? 1 : 0;
    return this;
  }

  uvarint(v: number): this {
    let value = v >>> 0;
    while (value >= 0x80) {
      const at = this.room(1);
      this.current[at] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    const at = this.room(1);
    this.current[at] = value;
    return this;
  }

  varint(v: number): this {
    return this.uvarint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  varlong(v: number): this {
    let value = (BigInt(v) << 1n) ^ (BigInt(v) >> 63n);
    value = BigInt.asUintN(64, value);
    while (value >= 0x80n) {
      const at = this.room(1);
      this.current[at] = Number(value & 0x7fn) | 0x80;
      value >>= 7n;
    }
    const at = this.room(1);
    this.current[at] = Number(value);
    return this;
  }

  /** Appends bytes; buffers above 1 KiB are referenced, not copied. */
  raw(buf: Buffer): this {
    if (buf.length > 1024) {
      if (this.used > 0) this.seal();
      this.chunks.push(buf);
      this.flushedLength += buf.length;
      return this;
    }
    const at = this.room(buf.length);
    buf.copy(this.current, at);
    return this;
  }

  utf8(s: string, byteLength: number): this {
    const at = this.room(byteLength);
    this.current.write(s, at, byteLength, 'utf8');
    return this;
  }

  /** The written bytes as a list of chunks (no copy). */
  toChunks(): Buffer[] {
    if (this.used > 0) this.seal();
    return this.chunks;
  }

  toBuffer(): Buffer {
    const chunks = this.toChunks();
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.flushedLength);
  }
}
