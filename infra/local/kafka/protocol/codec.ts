import { ProtocolError, SchemaError } from './errors.js';
import type { Reader } from './reader.js';
import { camel, type FieldSpec, inVersions, type MessageSpec, parseVersions } from './schema.js';
import { Writer } from './writer.js';

/**
 * Compiles a {@link MessageSpec} into a decoder and an encoder for one version,
 * following the rules of Kafka's generated message classes:
 * - a field exists in a version when the version is in its `versions`;
 * - in flexible versions strings, bytes, records and arrays are compact
 *   (unsigned varint length + 1, 0 = null) and every struct ends with a
 *   tagged-field section; fields with `taggedVersions` travel there;
 * - absent fields decode to their default; unknown tags are skipped.
 */
export type Message = Record<string, unknown>;

export interface VersionCodec {
  version: number;
  decode(r: Reader): Message;
  encode(w: Writer, m: Message): void;
}

type Dec = (r: Reader) => unknown;
type Enc = (w: Writer, v: unknown) => void;

interface CompiledField {
  key: string;
  spec: FieldSpec;
  decode: Dec;
  encode: Enc;
  defaultValue: () => unknown;
}

interface CompiledStruct {
  inline: CompiledField[];
  tagged: Map<number, CompiledField>;
  absent: CompiledField[];
  flexible: boolean;
}

const cache = new WeakMap<MessageSpec, Map<number, VersionCodec>>();

export function codecFor(spec: MessageSpec, version: number): VersionCodec {
  let perVersion = cache.get(spec);
  if (!perVersion) {
    perVersion = new Map();
    cache.set(spec, perVersion);
  }
  let codec = perVersion.get(version);
  if (!codec) {
    if (!inVersions(spec.validVersions, version)) {
      throw new SchemaError(`${spec.name} has no version ${version} (valid ${spec.validVersions})`);
    }
    const flexible = inVersions(spec.flexibleVersions, version);
    const struct = compileStruct(spec.fields, version, flexible, spec.name);
    codec = {
      version,
      decode: (r) => decodeStruct(struct, r),
      encode: (w, m) => encodeStruct(struct, w, m),
    };
    perVersion.set(version, codec);
  }
  return codec;
}

/** Highest version in the spec's valid range. */
export function maxVersion(spec: MessageSpec): number {
  return parseVersions(spec.validVersions).max;
}

function compileStruct(fields: FieldSpec[], version: number, flexible: boolean, path: string): CompiledStruct {
  const inline: CompiledField[] = [];
  const tagged = new Map<number, CompiledField>();
  const absent: CompiledField[] = [];
  for (const spec of fields) {
    const compiled = compileField(spec, version, flexible, `${path}.${spec.name}`);
    const present = inVersions(spec.versions, version);
    if (!present) absent.push(compiled);
    else if (flexible && inVersions(spec.taggedVersions, version)) {
      if (spec.tag === undefined) throw new SchemaError(`${path}.${spec.name} is tagged without a tag number`);
      tagged.set(spec.tag, compiled);
    } else inline.push(compiled);
  }
  return { inline, tagged, absent, flexible };
}

function decodeStruct(s: CompiledStruct, r: Reader): Message {
  const out: Message = {};
  for (const f of s.inline) out[f.key] = f.decode(r);
  for (const f of s.absent) out[f.key] = f.defaultValue();
  if (s.flexible) {
    for (const f of s.tagged.values()) out[f.key] = f.defaultValue();
    const count = r.uvarint();
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint();
      const size = r.uvarint();
      const f = s.tagged.get(tag);
      if (!f) {
        r.skip(size);
        continue;
      }
      const end = r.offset + size;
      out[f.key] = f.decode(r);
      if (r.offset !== end) throw new ProtocolError(`tagged field ${f.key} size mismatch`);
    }
  }
  return out;
}

function encodeStruct(s: CompiledStruct, w: Writer, m: Message): void {
  for (const f of s.inline) f.encode(w, m[f.key] ?? f.defaultValue());
  if (!s.flexible) return;
  const present: CompiledField[] = [];
  for (const f of s.tagged.values()) {
    const v = m[f.key];
    if (v !== undefined && !isDefault(v, f.defaultValue())) present.push(f);
  }
  w.uvarint(present.length);
  present.sort((a, b) => (a.spec.tag as number) - (b.spec.tag as number));
  for (const f of present) {
    const body = new Writer(64);
    f.encode(body, m[f.key]);
    const buf = body.toBuffer();
    w.uvarint(f.spec.tag as number)
      .uvarint(buf.length)
      .raw(buf);
  }
}

function isDefault(v: unknown, d: unknown): boolean {
  if (v === d) return true;
  if (Array.isArray(v) && Array.isArray(d)) return v.length === 0 && d.length === 0;
  if (Buffer.isBuffer(v) && Buffer.isBuffer(d)) return v.equals(d);
  if (isStruct(v) && isStruct(d)) return Object.keys(d).every((k) => isDefault(v[k] ?? d[k], d[k]));
  return false;
}

function isStruct(v: unknown): v is Message {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

function structDefaults(s: CompiledStruct): Message {
  const out: Message = {};
  for (const f of s.inline) out[f.key] = f.defaultValue();
  for (const f of s.tagged.values()) out[f.key] = f.defaultValue();
  for (const f of s.absent) out[f.key] = f.defaultValue();
  return out;
}

const ZERO_UUID = Buffer.alloc(16);

function defaultFor(spec: FieldSpec, nullable: boolean): () => unknown {
  if (spec.default !== undefined) {
    const d = spec.default;
    return () => d;
  }
  const t = spec.type;
  if (t.startsWith('[]')) return nullable ? () => null : () => [];
  switch (t) {
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'float64':
      return () => 0;
    case 'int64':
      return () => 0n;
    case 'bool':
      return () => false;
    case 'uuid':
      return () => ZERO_UUID;
    case 'string':
      return nullable ? () => null : () => '';
    case 'bytes':
    case 'records':
      return nullable ? () => null : () => Buffer.alloc(0);
    default:
      return nullable ? () => null : () => ({});
  }
}

function compileField(spec: FieldSpec, version: number, flexible: boolean, path: string): CompiledField {
  const nullable = inVersions(spec.nullableVersions, version);
  const key = camel(spec.name);
  let defaultValue = defaultFor(spec, nullable);
  const t = spec.type;
  let decode: Dec;
  let encode: Enc;
  if (t.startsWith('[]')) {
    const inner = t.slice(2);
    let item: { decode: Dec; encode: Enc };
    if (spec.fields) {
      const struct = compileStruct(spec.fields, version, flexible, path);
      item = { decode: (r) => decodeStruct(struct, r), encode: (w, v) => encodeStruct(struct, w, v as Message) };
    } else item = primitive(inner, false, flexible, path);
    decode = (r) => {
      const n = flexible ? r.uvarint() - 1 : r.int32();
      if (n < 0) {
        if (!nullable) throw new ProtocolError(`${path}: null array where not nullable`);
        return null;
      }
      // Each element takes at least one byte: a count beyond the frame is a lie.
      if (n > r.remaining) throw new ProtocolError(`${path}: array length ${n} exceeds frame`);
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = item.decode(r);
      return out;
    };
    encode = (w, v) => {
      if (v === null || v === undefined) {
        if (!nullable && v === null) throw new SchemaError(`${path}: null for a non-nullable array`);
        if (flexible) w.uvarint(v === null ? 0 : 1);
        else w.int32(v === null ? -1 : 0);
        return;
      }
      const arr = v as unknown[];
      if (flexible) w.uvarint(arr.length + 1);
      else w.int32(arr.length);
      for (const e of arr) item.encode(w, e);
    };
  } else if (spec.fields) {
    const struct = compileStruct(spec.fields, version, flexible, path);
    decode = (r) => decodeStruct(struct, r);
    encode = (w, v) => encodeStruct(struct, w, (v ?? {}) as Message);
    // Kafka's default for a struct is the struct of its fields' defaults (e.g. a tagged
    // CurrentLeader of {leaderId: -1, leaderEpoch: -1}), not an empty object.
    if (spec.default === undefined && !nullable) defaultValue = () => structDefaults(struct);
  } else {
    ({ decode, encode } = primitive(t, nullable, flexible, path));
  }
  return { key, spec, decode, encode, defaultValue };
}

function primitive(t: string, nullable: boolean, flexible: boolean, path: string): { decode: Dec; encode: Enc } {
  switch (t) {
    case 'int8':
      return { decode: (r) => r.int8(), encode: (w, v) => w.int8(v as number) };
    case 'int16':
      return { decode: (r) => r.int16(), encode: (w, v) => w.int16(v as number) };
    case 'uint16':
      return { decode: (r) => r.uint16(), encode: (w, v) => w.uint16(v as number) };
    case 'int32':
      return { decode: (r) => r.int32(), encode: (w, v) => w.int32(v as number) };
    case 'int64':
      return { decode: (r) => r.int64(), encode: (w, v) => w.int64(BigInt(v as bigint | number)) };
    case 'float64':
      return { decode: (r) => r.float64(), encode: (w, v) => w.float64(v as number) };
    case 'bool':
      return { decode: (r) => r.bool(), encode: (w, v) => w.bool(v as boolean) };
    case 'uuid':
      return {
        decode: (r) => Buffer.from(r.uuid()),
        encode: (w, v) => {
          const b = v as Buffer;
          if (b.length !== 16) throw new SchemaError(`${path}: uuid must be 16 bytes`);
          w.raw(b);
        },
      };
    case 'string':
      return {
        decode: (r) => {
          const n = flexible ? r.uvarint() - 1 : r.int16();
          if (n < 0) {
            if (!nullable) throw new ProtocolError(`${path}: null string where not nullable`);
            return null;
          }
          return r.utf8(n);
        },
        encode: (w, v) => {
          if (v === null) {
            if (!nullable) throw new SchemaError(`${path}: null for a non-nullable string`);
            if (flexible) w.uvarint(0);
            else w.int16(-1);
            return;
          }
          const s = v as string;
          const n = Buffer.byteLength(s);
          if (flexible) w.uvarint(n + 1);
          else w.int16(n);
          w.utf8(s, n);
        },
      };
    case 'bytes':
    case 'records':
      return {
        decode: (r) => {
          const n = flexible ? r.uvarint() - 1 : r.int32();
          if (n < 0) {
            if (!nullable) throw new ProtocolError(`${path}: null bytes where not nullable`);
            return null;
          }
          return r.bytes(n);
        },
        encode: (w, v) => {
          if (v === null) {
            if (!nullable) throw new SchemaError(`${path}: null for non-nullable bytes`);
            if (flexible) w.uvarint(0);
            else w.int32(-1);
            return;
          }
          const chunks = Array.isArray(v) ? (v as Buffer[]) : [v as Buffer];
          let n = 0;
          for (const c of chunks) n += c.length;
          if (flexible) w.uvarint(n + 1);
          else w.int32(n);
          for (const c of chunks) w.raw(c);
        },
      };
    default:
      throw new SchemaError(`${path}: unknown type ${t}`);
  }
}
