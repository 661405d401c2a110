import { SentimentModelError } from './errors.js';

/*
 * Reads ModelProto.metadata_props without decoding the graph (onnx.proto, IR version 8):
 *
 *   ModelProto => ir_version:1 (varint) opset_import:8 producer_name:2 producer_version:3
 *                 domain:4 model_version:5 (varint) doc_string:6 graph:7 … metadata_props:14 …
 *   StringStringEntryProto => key:1 (string) value:2 (string)
 *
 * Protobuf wire format: each field is a varint tag (field << 3 | wire type), then a varint
 * (type 0), 8 bytes (1), a varint length and that many bytes (2) or 4 bytes (5). Unknown
 * fields are skipped by their wire type, so the 1 MB weight initializer inside `graph` is
 * stepped over, not parsed. onnxruntime-node does not expose these properties itself.
 */

const METADATA_PROPS = 14;
const decoder = new TextDecoder('utf-8', { fatal: true });

class ProtoReader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.at >= this.bytes.length) throw new SentimentModelError('ONNX model is truncated (inside a varint)');
      const byte = this.bytes[this.at++] as number;
      // Lengths and tags fit in 53 bits; larger varints (int64 fields) are only skipped.
      if (shift < 49) result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new SentimentModelError('ONNX model has a varint longer than 10 bytes');
    }
  }

  bytesField(): Uint8Array {
    const length = this.varint();
    const end = this.at + length;
    if (end > this.bytes.length) throw new SentimentModelError('ONNX model is truncated (a field runs past the end)');
    const out = this.bytes.subarray(this.at, end);
    this.at = end;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.advance(8);
    else if (wireType === 2) this.bytesField();
    else if (wireType === 5) this.advance(4);
    else throw new SentimentModelError(`ONNX model uses protobuf wire type ${wireType}, not valid in onnx.proto`);
  }

  private advance(n: number): void {
    if (this.at + n > this.bytes.length) throw new SentimentModelError('ONNX model is truncated');
    this.at += n;
  }
}

/** The model's metadata_props as a map (a repeated key keeps its last value, as protobuf maps do). */
export function readOnnxMetadata(model: Uint8Array): Map<string, string> {
  const metadata = new Map<string, string>();
  const reader = new ProtoReader(model);
  while (!reader.done) {
    const tag = reader.varint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (field !== METADATA_PROPS || wireType !== 2) {
      reader.skip(wireType);
      continue;
    }
    const entry = new ProtoReader(reader.bytesField());
    let key = '';
    let value = '';
    while (!entry.done) {
      const entryTag = entry.varint();
      const entryField = Math.floor(entryTag / 8);
      if ((entryField === 1 || entryField === 2) && (entryTag & 7) === 2) {
        let text: string;
        try {
          text = decoder.decode(entry.bytesField());
        } catch (cause) {
          throw new SentimentModelError('ONNX model metadata is not UTF-8', { cause });
        }
        if (entryField === 1) key = text;
        else value = text;
      } else entry.skip(entryTag & 7);
    }
    metadata.set(key, value);
  }
  return metadata;
}
