import { FEATURE_NAMES, type LinearPart } from '../../../functions/lib/air-forecast/index.js';
import type { LinearBaseOptions } from './boost.js';
import { TRIED_ON_VALIDATION } from './config.js';
import type { GbdtOptions } from './gbdt.js';
import type { ForecastMetrics } from './metrics.js';

/** What the training run measured: evaluation.md is rendered from it and the model card quotes it. */
export interface EvaluationReport {
  model: {
    name: string;
    version: string;
    featureVersion: string;
    trainedAt: string;
    trees: number;
    baseValue: number;
    /** The linear base of the shipped model, with its parameters. */
    linear: LinearBaseOptions & { part: LinearPart };
    /** α·(linear base + trees) + (1 − α)·ridge, α and ridge's λ picked on the validation year. */
    blend: { alpha: number; ridgeLambda: number };
  };
  split: {
    train: string;
    validation: string;
    test: string;
    rows: { train: number; validation: number; refit: number; test: number };
  };
  test: { model: ForecastMetrics; persistence: ForecastMetrics; climatology: ForecastMetrics; ridge: ForecastMetrics };
  validation: { model: ForecastMetrics; persistence: ForecastMetrics; ridge: ForecastMetrics };
  ridgeLambda: number;
  rmseGainOverPersistence: number;
  targets: { beatsPersistenceBy10Pct: boolean; atLeastAsGoodAsRidge: boolean };
  onnxMaxAbsDiff: { testRows: number; withMissingInjected: number };
  /** Mean |TreeSHAP contribution| per reason group over sampled test rows, µg/m³, largest first. */
  meanAbsContribution: { group: string; ugm3: number }[];
  shapRows: number;
  trainingSeconds: number;
  /** The GBDT settings of the run. */
  settings: GbdtOptions;
}

const f2 = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(2));
const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(1)} %`);

function table(rows: [string, ForecastMetrics][]): string {
  const lines = [
    '| forecast | RMSE µg/m³ | MAE µg/m³ | EAQI band accuracy | > 50 recall | > 50 precision |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const [name, m] of rows) {
    lines.push(
      `| ${name} | ${f2(m.rmse)} | ${f2(m.mae)} | ${pct(m.bandAccuracy)} | ${pct(m.exceedanceRecall)} | ${pct(m.exceedancePrecision)} |`,
    );
  }
  return lines.join('\n');
}

function linearFormula(part: LinearPart): string {
  const terms = [part.intercept.toFixed(2)];
  part.coefficients.forEach((c, f) => {
    if (c !== 0) terms.push(`${c < 0 ? '−' : '+'} ${Math.abs(c).toFixed(3)} × ${FEATURE_NAMES[f]}`);
  });
  return terms.join(' ');
}

function triedTable(): string {
  const lines = ['| try.ts settings | 2007 RMSE µg/m³ | trees | note |', '|---|---:|---:|---|'];
  for (const t of TRIED_ON_VALIDATION)
    lines.push(`| \`${t.settings}\` | ${t.rmse.toFixed(3)} | ${t.trees} | ${t.note} |`);
  return lines.join('\n');
}

export function renderReport(r: EvaluationReport): string {
  return `# ${r.model.name} ${r.model.version}: evaluation

Next-day daily mean PM10 (µg/m³) per station: a linear model on ${r.model.linear.features.length} features
plus gradient-boosted regression trees fitted to its residual (${r.model.trees} trees, features
\`${r.model.featureVersion}\`), trained ${r.model.trainedAt} in ${r.trainingSeconds.toFixed(0)} s.
Regenerate with \`npm run train -- air-quality\`.

Linear base: ridge, λ ${r.model.linear.lambda} on standardised features, a missing value replaced by its
training mean. The boosted model is then blended with the ridge baseline (below):
${r.model.blend.alpha} × (linear base + trees) + ${Number((1 - r.model.blend.alpha).toFixed(2))} × ridge (λ ${r.model.blend.ridgeLambda}), the weight
picked on the validation year from 0, 0.05, …, 1 and folded into one linear part plus trees
with every leaf scaled, so the ONNX graph and exact SHAP stay. Linear part as shipped:
${linearFormula(r.model.linear.part)} µg/m³.
Tree settings: learning rate ${r.settings.learningRate}, depth ${r.settings.maxDepth}, at least
${r.settings.minSamplesLeaf} rows per leaf, subsample ${r.settings.subsample}, λ ${r.settings.lambda},
${r.settings.maxBins} quantile bins per feature, seed ${r.settings.seed}, early stopping after
${r.settings.earlyStoppingRounds} trees without improvement (models/air-quality/train/config.ts;
chosen on the validation year only).

Out-of-time split by the year of the day forecast: fit on ${r.split.train}
(${r.split.rows.train} rows), validation ${r.split.validation} (${r.split.rows.validation} rows:
early stopping picks the number of trees, the ridge penalty and the blend weight are picked), then all are
refitted with those settings on ${r.split.train.slice(0, 4)}–${r.split.validation} (${r.split.rows.refit} rows), and
tested on ${r.split.test} (${r.split.rows.test} rows, used for nothing else). Climatology is
taken over the same refit years. A row is a station that reported both d and d+1; every
forecast below is scored on the same test rows.

## Test year (${r.split.test})

${table([
  ['**model** (ONNX)', r.test.model],
  ['persistence (tomorrow = today)', r.test.persistence],
  [`climatology (station × month mean, ${r.split.train.slice(0, 4)}–${r.split.validation})`, r.test.climatology],
  [`ridge (same features, mean-imputed, λ = ${r.ridgeLambda})`, r.test.ridge],
])}

Days over 50 µg/m³ in the test rows: ${r.test.model.exceedances}. EAQI bands: the pre-2023
European Air Quality Index PM10 table (0–20 / 20–40 / 40–50 / 50–100 / 100–150 / > 150 µg/m³),
applied to daily means.

RMSE ${pct(r.rmseGainOverPersistence)} below persistence (target ≥ 10 %: ${r.targets.beatsPersistenceBy10Pct ? 'met' : 'missed'});
at least as good as ridge on RMSE: ${r.targets.atLeastAsGoodAsRidge ? 'yes' : 'no'}.

## Validation year (${r.split.validation}), fits on ${r.split.train}

${table([
  ['model', r.validation.model],
  ['persistence', r.validation.persistence],
  ['ridge', r.validation.ridge],
])}

## What was tried on the validation year

Each fitted on 1998–2006 and scored on 2007, nothing on 2008; reproduce a row with
\`node --import tsx models/air-quality/train/try.ts '<settings>'\` (unset GBDT settings are those
of config.ts; the rows marked as features added were run with those two features added to
features.ts, then taken out). Persistence scores ${f2(r.validation.persistence.rmse)} there.
The shipped settings are the lowest RMSE; most candidates are within 0.03 µg/m³ of it.

${triedTable()}

## What drives the forecasts

Mean |SHAP contribution| per reason group over ${r.shapRows} test rows, µg/m³ (base value
${r.model.baseValue.toFixed(2)} µg/m³). Each feature's contribution is its exact TreeSHAP value
plus its linear one, coefficient × (value − training mean), so base value + Σ = forecast:

| reason group | mean abs contribution |
|---|---:|
${r.meanAbsContribution.map((g) => `| ${g.group} | ${g.ugm3.toFixed(2)} |`).join('\n')}

The weather features are missing in all of the bootstrap data, so no split uses them yet:
the model accepts them (missing is routed as learned at every split), and they start to
matter once retraining sees rows with the forecast joined.

## ONNX check

Largest |onnxruntime − TypeScript evaluation of the model read back from model.onnx| over the test rows: ${r.onnxMaxAbsDiff.testRows.toExponential(2)} µg/m³;
with a third of the feature values replaced by NaN: ${r.onnxMaxAbsDiff.withMissingInjected.toExponential(2)} µg/m³.
`;
}
