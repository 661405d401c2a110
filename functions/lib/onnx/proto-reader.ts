/**
 * A minimal protobuf reader over an ONNX model's bytes, for the few fields tandem reads itself
 * (metadata_props; the tree ensemble's attributes). onnxruntime-node exposes neither.
 *
 * Wire format: each field is a varint tag (field << 3 | wire type), then a varint (type 0),
 * 8 bytes (1), a varint length and that many bytes (2) or 4 bytes (5). Unknown fields are
 * skipped by their wire type, so large initializers are stepped over, not parsed. Malformed
 * input throws the error `fail` makes, so each model kind reports it as its own.
 */
export class ProtoReader {
  at = 0;
  constructor(
    readonly bytes: Uint8Array,
    private readonly fail: (message: string) => Error,
  ) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  /** A reader over a length-delimited field's bytes, failing the same way. */
  nested(bytes: Uint8Array): ProtoReader {
    return new ProtoReader(bytes, this.fail);
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.at >= this.bytes.length) throw this.fail('ONNX model is truncated (inside a varint)');
      const byte = this.bytes[this.at++] as number;
      // Lengths, tags and the ints read fit in 53 bits; larger varints (other int64 fields) are only skipped.
      if (shift < 53) result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw this.fail('ONNX model has a varint longer than 10 bytes');
    }
  }

  bytesField(): Uint8Array {
    const length = this.varint();
    const end = this.at + length;
    if (end > this.bytes.length) throw this.fail('ONNX model is truncated (a field runs past the end)');
    const out = this.bytes.subarray(this.at, end);
    this.at = end;
    return out;
  }

  float32(): number {
    if (this.at + 4 > this.bytes.length) throw this.fail('ONNX model is truncated (inside a float)');
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.at, 4).getFloat32(0, true);
    this.at += 4;
    return v;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.advance(8);
    else if (wireType === 2) this.bytesField();
    else if (wireType === 5) this.advance(4);
    else throw this.fail(`ONNX model uses protobuf wire type ${wireType}, not valid in onnx.proto`);
  }

  private advance(n: number): void {
    if (this.at + n > this.bytes.length) throw this.fail('ONNX model is truncated');
    this.at += n;
  }
}
