/**
 * `npm run train [-- <model>] [-- options]`: trains one model. The first argument names it
 * (`sentiment`, the default, or `air-quality`); the rest go to that model's trainer, which
 * reads them from process.argv as before.
 */
const TRAINERS: Record<string, () => Promise<unknown>> = {
  sentiment: () => import('./sentiment/train/main.js'),
  'air-quality': () => import('./air-quality/train/main.js'),
};

const first = process.argv[2];
const name = first !== undefined && !first.startsWith('-') ? first : 'sentiment';
const trainer = TRAINERS[name];
if (!trainer) {
  process.stderr.write(
    `npm run train: unknown model ${JSON.stringify(name)}; known: ${Object.keys(TRAINERS).join(', ')}\n`,
  );
  process.exitCode = 2;
} else {
  if (name === first) process.argv.splice(2, 1);
  await trainer();
}
