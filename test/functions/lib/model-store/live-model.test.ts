import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type LiveModelOptions,
  liveModel,
  type ModelCheck,
  ModelStoreError,
  type PublishedFiles,
  type PublishedModel,
  publishedModel,
} from '../../../../functions/lib/model-store/index.js';

const INTERVAL_MS = 1000;
const FILE = 'model.json';

/** A stand-in model: the JSON of its file, and whether it was released. */
interface ToyModel {
  version: string;
  released: boolean;
}

function parse(files: PublishedFiles): ToyModel {
  const json = JSON.parse(Buffer.from(files.files.get(FILE)!).toString()) as { version: string; bad?: boolean };
  if (json.bad) throw new Error(`version ${json.version} is bad`);
  return { version: json.version, released: false };
}

// The swap machinery over a real model directory, with a model small enough to see every step.
describe('liveModel', () => {
  let dir: string;
  let published: PublishedModel;
  const publish = (json: object) => writeFile(path.join(dir, FILE), JSON.stringify(json));

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-live-'));
    await publish({ version: '1' });
    published = publishedModel('toy', { env: { MODEL_TOY_URI: dir } });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A live toy model on a clock the test moves; `load` may be replaced per test. */
  async function watch(overrides: Partial<LiveModelOptions<ToyModel>> = {}) {
    const clock = { now: 0 };
    const checks: ModelCheck<ToyModel>[] = [];
    const loads: string[] = [];
    const live = await liveModel<ToyModel>({
      published,
      files: [FILE],
      load: async (files) => {
        const model = parse(files);
        loads.push(model.version);
        return model;
      },
      release: async (model) => {
        model.released = true;
      },
      checkIntervalMs: INTERVAL_MS,
      now: () => clock.now,
      onCheck: (check) => checks.push(check),
      ...overrides,
    });
    return { live, clock, checks, loads };
  }

  it('throws at cold start when the published model cannot be loaded', async () => {
    // Prepare
    await publish({ version: '0', bad: true });

    // Act
    const starting = watch();

    // Assess
    await expect(starting).rejects.toThrow('version 0 is bad');
  });

  it('lets a use that starts while a check runs take the current model, and runs one check at a time', async () => {
    // Prepare
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let slow = false;
    const { live, clock, checks } = await watch({
      load: async (files) => {
        if (slow) await gate;
        return parse(files);
      },
    });
    slow = true;
    await publish({ version: '2' });
    clock.now += INTERVAL_MS;

    // Act
    const checking = live.use(async (model) => model.version);
    clock.now += INTERVAL_MS;
    const during = await live.use(async (model) => model.version);
    open();
    const after = await checking;

    // Assess
    expect(during).toBe('1');
    expect(after).toBe('2');
    expect(checks.map((c) => c.outcome)).toEqual(['swapped']);
  });

  it('adopts the same bytes uploaded again under a new fingerprint without loading them', async () => {
    // Prepare: a store that gives every upload a new identity, as a versioned bucket's VersionId does.
    let upload = 1;
    const versioned: PublishedModel = {
      ...published,
      fingerprint: async (files, signal) => `${await published.fingerprint(files, signal)}@${upload}`,
      read: async (files, signal) => {
        const read = await published.read(files, signal);
        return { ...read, fingerprint: `${read.fingerprint}@${upload}` };
      },
    };
    const { live, clock, checks, loads } = await watch({ published: versioned });
    upload++;
    clock.now += INTERVAL_MS;

    // Act
    const reuploaded = await live.use(async (model) => model.version);
    clock.now += INTERVAL_MS;
    await live.use(async (model) => model.version);

    // Assess
    expect(reuploaded).toBe('1');
    expect(loads).toEqual(['1']);
    expect(checks.map((c) => c.outcome)).toEqual(['unchanged', 'unchanged']);
  });

  it('does not read a refused copy again, and takes the next one published', async () => {
    // Prepare
    const { live, clock, checks, loads } = await watch();
    await publish({ version: '2', bad: true });
    const tick = () => {
      clock.now += INTERVAL_MS;
      return live.use(async (model) => model.version);
    };

    // Act
    const versions = [await tick(), await tick()];
    await publish({ version: '3' });
    versions.push(await tick());

    // Assess
    expect(versions).toEqual(['1', '1', '3']);
    expect(loads).toEqual(['1', '3']);
    expect(checks.map((c) => c.outcome)).toEqual(['rejected', 'unchanged', 'swapped']);
    expect((checks[0] as { reason: Error }).reason.message).toBe('version 2 is bad');
  });

  it('releases a replaced model once the last use holding it settles', async () => {
    // Prepare
    const { live, clock } = await watch();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let held!: ToyModel;
    const inFlight = live.use(async (model) => {
      held = model;
      await gate;
      return model.released;
    });
    await publish({ version: '2' });
    clock.now += INTERVAL_MS;

    // Act
    const next = await live.use(async (model) => model);
    const releasedAfterSwap = held.released;
    open();
    const releasedInUse = await inFlight;

    // Assess
    expect(next.version).toBe('2');
    expect(releasedAfterSwap).toBe(false);
    expect(releasedInUse).toBe(false);
    expect(held.released).toBe(true);
    expect(next.released).toBe(false);
  });

  it('releases the current model on close, and refuses uses after it', async () => {
    // Prepare
    const { live } = await watch();
    const model = live.current;

    // Act
    await live.close();
    const after = await live.use(async (m) => m.version).catch((e: unknown) => e);

    // Assess
    expect(model.released).toBe(true);
    expect(after).toBeInstanceOf(ModelStoreError);
    expect((after as Error).message).toBe('model "toy" is closed');
  });
});
