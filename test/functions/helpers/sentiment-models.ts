import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import onnxProto from 'onnx-proto';
import {
  SENTIMENT_METADATA,
  SENTIMENT_MODEL_CARD_FILE,
  SENTIMENT_MODEL_FILE,
} from '../../../functions/lib/sentiment/index.js';
import { pipeline } from '../../../infra/pipeline.js';

const { onnx } = onnxProto;

/** The sentiment model the repo ships (version 1.0.0). */
export const SHIPPED_MODEL_DIR = path.resolve(pipeline.models.sentiment!.directory);

/** A published sentiment model: the files a publisher uploads. */
export type ModelFiles = Map<string, Uint8Array>;

/** The shipped model's files. */
export async function shippedModel(): Promise<ModelFiles> {
  return new Map([
    [SENTIMENT_MODEL_CARD_FILE, await readFile(path.join(SHIPPED_MODEL_DIR, SENTIMENT_MODEL_CARD_FILE))],
    [SENTIMENT_MODEL_FILE, await readFile(path.join(SHIPPED_MODEL_DIR, SENTIMENT_MODEL_FILE))],
  ]);
}

/**
 * A second, genuinely different model: the shipped one with every weight and the bias negated
 * (sign bits flipped in the little-endian raw data) and its metadata naming `version`. The
 * shipped graph is σ(Σ w·x + b), and σ(−z) = 1 − σ(z), so it scores every text exactly
 * 1 − the shipped model's score (to float rounding): a test can tell which session scored.
 */
export async function mirroredOnnx(version: string, featureVersion?: string): Promise<Uint8Array> {
  const model = onnx.ModelProto.decode(await readFile(path.join(SHIPPED_MODEL_DIR, SENTIMENT_MODEL_FILE)));
  for (const [name, width] of [
    ['weights', 4],
    ['bias', 8],
  ] as const) {
    const tensor = model.graph?.initializer?.find((t) => t.name === name);
    if (!tensor?.rawData) throw new Error(`the shipped model has no raw ${name}`);
    const raw = Uint8Array.from(tensor.rawData);
    for (let i = width - 1; i < raw.length; i += width) raw[i] = (raw[i] as number) ^ 0x80;
    tensor.rawData = raw;
  }
  for (const entry of model.metadataProps ?? []) {
    if (entry.key === SENTIMENT_METADATA.version) entry.value = version;
    if (entry.key === SENTIMENT_METADATA.featureVersion && featureVersion) entry.value = featureVersion;
  }
  return onnx.ModelProto.encode(model).finish();
}

/** The shipped model card with its version (and feature version) replaced. */
export async function modelCard(version: string, featureVersion?: string): Promise<Uint8Array> {
  const card = JSON.parse(await readFile(path.join(SHIPPED_MODEL_DIR, SENTIMENT_MODEL_CARD_FILE), 'utf8'));
  return Buffer.from(JSON.stringify({ ...card, version, ...(featureVersion ? { featureVersion } : {}) }, null, 2));
}

/** The mirrored model as version `version`: card and ONNX agree. */
export async function mirroredModel(version: string, featureVersion?: string): Promise<ModelFiles> {
  return new Map([
    [SENTIMENT_MODEL_CARD_FILE, await modelCard(version, featureVersion)],
    [SENTIMENT_MODEL_FILE, await mirroredOnnx(version, featureVersion)],
  ]);
}

/** Copies the shipped model's directory to `dir`, as a local runtime's model directory. */
export async function copyShippedModel(dir: string): Promise<void> {
  await cp(SHIPPED_MODEL_DIR, dir, { recursive: true });
}

/** Publishes files into a model directory, replacing what is there. */
export async function publishToDirectory(dir: string, files: ModelFiles): Promise<void> {
  for (const [name, bytes] of files) await writeFile(path.join(dir, name), bytes);
}

/** Publishes files under `s3://bucket/prefix/`, as an upload to the models bucket does. */
export async function publishToS3(client: S3Client, bucket: string, prefix: string, files: ModelFiles): Promise<void> {
  for (const [name, bytes] of files) {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${name}`, Body: bytes }));
  }
}
