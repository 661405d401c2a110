import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  directoryObjects,
  modelRegistry,
  RegistryConflictError,
  type RegistryObjects,
  s3Objects,
  UnknownVersionError,
} from '../../../../functions/lib/model-registry/index.js';
import { type LocalS3, startLocalS3 } from '../../helpers/local-s3.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const versionFiles = (version: string) =>
  new Map([
    ['model.onnx', bytes(`weights of ${version}`)],
    ['model-card.json', bytes(JSON.stringify({ version }))],
    ['evaluation.json', bytes(JSON.stringify({ published: true, version }))],
  ]);

describe('modelRegistry over a directory', () => {
  let root: string;
  let objects: RegistryObjects;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'tandem-registry-'));
    objects = directoryObjects(root);
    // The shipped model, as a deploy (or the local runtime) puts it at the root.
    await objects.put('model-card.json', bytes('{"version":"1.0.0"}'));
    await objects.put('model.onnx', bytes('shipped weights'));
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('starts at the shipped model, adds versions idempotently and refuses other bytes under a taken name', async () => {
    // Prepare
    const registry = modelRegistry('sentiment', objects);

    // Act
    const before = await registry.current();
    await registry.addVersion('20261205T0300Z', versionFiles('20261205T0300Z'));
    await registry.addVersion('20261205T0300Z', versionFiles('20261205T0300Z'));
    const taken = await registry
      .addVersion('20261205T0300Z', new Map([['model-card.json', bytes('{"version":"other"}')]]))
      .catch((e: unknown) => e);
    const listed = await registry.versions();

    // Assess
    expect(before).toMatchObject({ pointer: { version: 'shipped' }, tag: null });
    expect((taken as Error).message).toContain('already has a different model-card.json');
    expect(listed.map((v) => [v.version, v.current, v.card?.version])).toEqual([
      ['shipped', true, '1.0.0'],
      ['20261205T0300Z', false, '20261205T0300Z'],
    ]);
    expect(listed[1]?.evaluation).toEqual({ published: true, version: '20261205T0300Z' });
  });

  it('publishes only over the version the candidate was compared with, and one of two racing publishes wins', async () => {
    // Prepare
    const registry = modelRegistry('sentiment', objects);
    await registry.addVersion('a', versionFiles('a'));
    await registry.addVersion('b', versionFiles('b'));
    const start = (await registry.current()).pointer.version;

    // Act
    const raced = await Promise.allSettled([
      registry.publish('a', { expected: start, by: 'test' }),
      registry.publish('b', { expected: start, by: 'test' }),
    ]);
    const stale = await registry.publish('a', { expected: start, by: 'test' }).catch((e: unknown) => e);
    const unknown = await registry.publish('nope', { expected: start, by: 'test' }).catch((e: unknown) => e);
    const now = await registry.current();

    // Assess
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = raced.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(RegistryConflictError);
    expect(stale).toBeInstanceOf(RegistryConflictError);
    expect(unknown).toBeInstanceOf(UnknownVersionError);
    expect(['a', 'b']).toContain(now.pointer.version);
    expect(now.pointer.history).toEqual([start, now.pointer.version]);
  });

  it('rolls back step by step instead of toggling, to a named version, and refuses to go past the first', async () => {
    // Prepare
    const registry = modelRegistry('sentiment', objects);
    await registry.addVersion('c', versionFiles('c'));
    const first = (await registry.current()).pointer.version;
    await registry.publish('c', { expected: first, by: 'test' });

    // Act
    const once = await registry.rollback({ by: 'test' });
    const twice = await registry.rollback({ by: 'test' });
    const none = await registry.rollback({ by: 'test' }).catch((e: unknown) => e);
    const named = await registry.rollback({ to: 'c', by: 'test' });
    const missing = await registry.rollback({ to: 'gone', by: 'test' }).catch((e: unknown) => e);

    // Assess
    expect(once).toMatchObject({ version: first, previous: 'c', change: 'rollback' });
    expect(twice).toMatchObject({ version: 'shipped', previous: first });
    expect(none).toBeInstanceOf(UnknownVersionError);
    expect(named).toMatchObject({ version: 'c', history: ['shipped', 'c'] });
    expect(missing).toBeInstanceOf(UnknownVersionError);
    expect((await registry.current()).pointer.version).toBe('c');
  });
});

describe('modelRegistry over S3 (s3rver)', () => {
  let s3: LocalS3;

  beforeAll(async () => {
    s3 = await startLocalS3(['tandem-models']);
  });

  afterAll(() => s3.close());

  it('adds, lists, publishes and rolls back through the S3 API', async () => {
    // Prepare: s3rver ignores If-Match / If-None-Match, so the conditions themselves are
    // AWS's (S3 conditional writes answer 412); this checks keys, listing and the pointer.
    const objects = s3Objects(s3.client, 'tandem-models', 'models/sentiment/');
    await objects.put('model-card.json', bytes('{"version":"1.0.0"}'));
    const registry = modelRegistry('sentiment', objects);

    // Act
    await registry.addVersion('v1', versionFiles('v1'));
    const published = await registry.publish('v1', { expected: 'shipped', by: 'test' });
    const listed = await registry.versions();
    const back = await registry.rollback({ by: 'test' });
    const keys = (await objects.list('')).sort();

    // Assess
    expect(published).toMatchObject({ version: 'v1', previous: 'shipped' });
    expect(listed.map((v) => [v.version, v.current])).toEqual([
      ['shipped', false],
      ['v1', true],
    ]);
    expect(back).toMatchObject({ version: 'shipped', previous: 'v1' });
    expect(keys).toEqual([
      'current.json',
      'model-card.json',
      'versions/v1/evaluation.json',
      'versions/v1/model-card.json',
      'versions/v1/model.onnx',
    ]);
  });
});
