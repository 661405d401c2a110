import { ProtoReader } from '../onnx/index.js';
import { SentimentModelError } from './errors.js';

/*
 * Reads ModelProto.metadata_props without decoding the graph (onnx.proto, IR version 8):
 *
 *   ModelProto => ir_version:1 (varint) opset_import:8 producer_name:2 producer_version:3
 *                 domain:4 model_version:5 (varint) doc_string:6 graph:7 … metadata_props:14 …
 *   StringStringEntryProto => key:1 (string) value:2 (string)
 *
 * Unknown fields are skipped by their wire type (functions/lib/onnx/proto-reader.ts), so the
 * 1 MB weight initializer inside `graph` is stepped over, not parsed. onnxruntime-node does not
 * expose these properties itself.
 */

const METADATA_PROPS = 14;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A reader over ONNX bytes whose failures are this model kind's errors. */
const modelReader = (bytes: Uint8Array) => new ProtoReader(bytes, (message) => new SentimentModelError(message));

/** The model's metadata_props as a map (a repeated key keeps its last value, as protobuf maps do). */
export function readOnnxMetadata(model: Uint8Array): Map<string, string> {
  const metadata = new Map<string, string>();
  const reader = modelReader(model);
  while (!reader.done) {
    const tag = reader.varint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (field !== METADATA_PROPS || wireType !== 2) {
      reader.skip(wireType);
      continue;
    }
    const entry = reader.nested(reader.bytesField());
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
