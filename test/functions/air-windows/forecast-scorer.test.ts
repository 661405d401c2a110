import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publishedForecastScorer } from '../../../functions/air-windows/forecast-scorer.js';
import {
  AIR_FORECAST_MODEL_FILE,
  FEATURE_COUNT,
  FEATURE_VERSION,
  readForecastModel,
} from '../../../functions/lib/air-forecast/index.js';
import { directoryObjects, modelRegistry } from '../../../functions/lib/model-registry/index.js';
import { MODEL_NAME, MODEL_VERSION } from '../../../models/air-quality/train/config.js';
import { exportOnnx } from '../../../models/air-quality/train/onnx-export.js';

const SHIPPED = path.resolve('models/air-quality');

/** A registry root holding the shipped model, as `npm start` seeds `.tandem/models/air-quality`. */
async function registryRoot(dirs: string[]) {
  const root = await mkdtemp(path.join(tmpdir(), 'tandem-forecast-scorer-'));
  dirs.push(root);
  for (const file of ['model.onnx', 'model-card.json']) await cp(path.join(SHIPPED, file), path.join(root, file));
  return root;
}

/** The shipped trees re-exported under another version name: a model a retrain could have published. */
async function versionFiles(version: string, cardVersion = version) {
  const { model } = readForecastModel(await readFile(path.join(SHIPPED, AIR_FORECAST_MODEL_FILE)), FEATURE_COUNT);
  const onnx = exportOnnx(
    model.trees,
    { name: MODEL_NAME, version, trainedAt: '2026-12-05T03:00:00.000Z' },
    model.linear,
  );
  const card = new TextEncoder().encode(
    JSON.stringify({ name: MODEL_NAME, version: cardVersion, featureVersion: FEATURE_VERSION }),
  );
  return new Map([
    [AIR_FORECAST_MODEL_FILE, onnx],
    ['model-card.json', card],
  ]);
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the air-windows forecast model: checked between batches, swapped on publish and rollback', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('forecasts with the published version once the pointer moves, back again on rollback, and never swaps a refused one', async () => {
    // Prepare
    const root = await registryRoot(dirs);
    const registry = modelRegistry('air-quality', directoryObjects(root));
    const scorer = publishedForecastScorer({ env: { MODEL_AIR_QUALITY_URI: root, MODEL_CHECK_SECONDS: '0.001' } });
    const version = () => scorer(async (s) => s.version);
    await registry.addVersion('v-next', await versionFiles('v-next'));
    // A card that does not name its model's version: refused by every check.
    await registry.addVersion('v-mismatch', await versionFiles('v-mismatch', 'v-other'));

    // Act
    const before = await version();
    await registry.publish('v-next', { expected: 'shipped', by: 'test' });
    await tick();
    const published = await version();
    // A batch that started with v-next keeps it, session and all, through the swaps below.
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = scorer(async (s) => {
      await gate;
      const [forecast] = await s.predict(new Float32Array(FEATURE_COUNT).fill(20), 1);
      return { version: s.version, forecast };
    });
    await registry.publish('v-mismatch', { expected: 'v-next', by: 'test' });
    await tick();
    const afterRefusal = await version();
    await registry.rollback({ to: 'shipped', by: 'test' });
    await tick();
    const rolledBack = await version();
    release();
    const held = await holding;

    // Assess
    expect(before).toBe(MODEL_VERSION);
    expect(published).toBe('v-next');
    expect(afterRefusal).toBe('v-next');
    expect(rolledBack).toBe(MODEL_VERSION);
    expect(held.version).toBe('v-next');
    expect(Number.isFinite(held.forecast)).toBe(true);
  });
});
