/**
 * `npm run eval -- <evaluation> [options]`: runs one reproducible evaluation and prints its
 * table. The first argument names it; the rest go to it, which reads them from process.argv.
 */
const EVALUATIONS: Record<string, () => Promise<unknown>> = {
  anomalies: () => import('./air-quality/anomalies/cli.js'),
};

const name = process.argv[2];
const evaluation = name === undefined ? undefined : EVALUATIONS[name];
if (!evaluation) {
  process.stderr.write(
    `npm run eval: ${name === undefined ? 'no evaluation named' : `unknown evaluation ${JSON.stringify(name)}`}; known: ${Object.keys(EVALUATIONS).join(', ')}\n`,
  );
  process.exitCode = 2;
} else {
  process.argv.splice(2, 1);
  await evaluation();
}
