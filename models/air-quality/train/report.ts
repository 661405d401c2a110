import { FEATURE_NAMES, type LinearPart } from '../../../functions/lib/air-forecast/index.js';
import type { LinearBaseOptions } from './boost.js';
import { SELECTION_STEP, TRIED_ON_FOLDS, TRIED_ON_VALIDATION } from './config.js';
import type { GbdtOptions } from './gbdt.js';
import type { ForecastMetrics } from './metrics.js';

/** What the training run measured: evaluation.md is rendered from it and the model card quotes it. */
export interface EvaluationReport {
  model: {
    name: string;
    version: string;
    featureVersion: string;
    trainedAt: string;
    /** Trees per bag, picked on the folds. */
    trees: number;
    /** Boosted ensembles averaged. */
    bags: number;
    baseValue: number;
    /** The linear base of the shipped model, with its parameters. */
    linear: LinearBaseOptions & { part: LinearPart };
    /** α·(linear base + trees) + (1 − α)·ridge, α and ridge's λ picked on the folds. */
    blend: { alpha: number; ridgeLambda: number };
  };
  split: {
    /** The rolling-origin folds every setting was picked on. */
    folds: { fitThrough: number; scoreYear: number }[];
    refit: string;
    test: string;
    rows: { refit: number; test: number };
  };
  test: { model: ForecastMetrics; persistence: ForecastMetrics; climatology: ForecastMetrics; ridge: ForecastMetrics };
  /** The selected settings on the folds: RMSE per score year and pooled, and pooled metrics. */
  selection: {
    byYear: { year: string; rows: number; model: number; boosted: number; ridge: number; persistence: number }[];
    pooled: { model: ForecastMetrics; persistence: ForecastMetrics; ridge: ForecastMetrics };
  };
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

function triedOnFoldsTable(): string {
  const lines = [
    '| try.ts settings | pooled RMSE µg/m³ | 2005 | 2006 | 2007 | trees × bags | α | note |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const t of TRIED_ON_FOLDS)
    lines.push(
      `| \`${t.settings}\` | ${t.pooled.toFixed(3)} | ${t.byYear.map((x) => x.toFixed(3)).join(' | ')} | ${t.trees} × ${t.bags} | ${t.alpha} | ${t.note} |`,
    );
  return lines.join('\n');
}

function foldTable(rows: EvaluationReport['selection']['byYear']): string {
  const lines = [
    '| score year | rows | model | boosted part alone | ridge | persistence |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows)
    lines.push(`| ${r.year} | ${r.rows} | ${f2(r.model)} | ${f2(r.boosted)} | ${f2(r.ridge)} | ${f2(r.persistence)} |`);
  return lines.join('\n');
}

export function renderReport(r: EvaluationReport): string {
  return `# ${r.model.name} ${r.model.version}: evaluation

Next-day daily mean PM10 (µg/m³) per station: a linear model on ${r.model.linear.features.length} features
plus gradient-boosted regression trees fitted to its residual (${r.model.bags} × ${r.model.trees} trees, features
\`${r.model.featureVersion}\`), trained ${r.model.trainedAt} in ${r.trainingSeconds.toFixed(0)} s.
Regenerate with \`npm run train -- air-quality\`.

Linear base: ridge, λ ${r.model.linear.lambda} on standardised features, a missing value replaced by its
training mean. Trees: ${r.model.bags} boosted ensemble${r.model.bags === 1 ? '' : 's'} of ${r.model.trees} trees${r.model.bags === 1 ? '' : ` each, grown with seeds ${r.settings.seed}…${r.settings.seed + r.model.bags - 1} and averaged (every leaf divided by ${r.model.bags})`}. The boosted model is then blended with the ridge baseline (below):
${r.model.blend.alpha} × (linear base + trees) + ${Number((1 - r.model.blend.alpha).toFixed(2))} × ridge (λ ${r.model.blend.ridgeLambda}),
folded into one linear part plus trees with every leaf scaled, so the ONNX graph and exact
SHAP stay. Linear part as shipped:
${linearFormula(r.model.linear.part)} µg/m³.
Tree settings: learning rate ${r.settings.learningRate}, depth ${r.settings.maxDepth}, at least
${r.settings.minSamplesLeaf} rows per leaf, subsample ${r.settings.subsample}, λ ${r.settings.lambda},
${r.settings.maxBins} quantile bins per feature (models/air-quality/train/config.ts).

Every setting (the tree settings, the linear base and the number of bags among the candidates
tried below, the number of trees from ${SELECTION_STEP}, ${2 * SELECTION_STEP}, …, ${r.settings.maxTrees}, ridge's λ, and α from 0, 0.05, …, 1) is picked by
rolling origin (rolling-origin.ts): each of ${r.split.folds.map((f) => `${f.scoreYear} (fit on 1998–${f.fitThrough})`).join(', ')} is
forecast by fits on the years before it only, and the setting with the lowest RMSE pooled over
those years wins. One validation year alone (2007, model 2.1.0) picked settings the next year
did not bear out. Then all are refitted with those settings on ${r.split.refit} (${r.split.rows.refit} rows)
and tested on ${r.split.test} (${r.split.rows.test} rows, scored once, used for nothing else). Climatology is
taken over the same refit years. A row is a station that reported both d and d+1; every
forecast below is scored on the same test rows.

## Test year (${r.split.test})

${table([
  ['**model** (ONNX)', r.test.model],
  ['persistence (tomorrow = today)', r.test.persistence],
  [`climatology (station × month mean, ${r.split.refit})`, r.test.climatology],
  [`ridge (same features, mean-imputed, λ = ${r.ridgeLambda})`, r.test.ridge],
])}

Days over 50 µg/m³ in the test rows: ${r.test.model.exceedances}. EAQI bands: the pre-2023
European Air Quality Index PM10 table (0–20 / 20–40 / 40–50 / 50–100 / 100–150 / > 150 µg/m³),
applied to daily means.

RMSE ${pct(r.rmseGainOverPersistence)} below persistence (target ≥ 10 %: ${r.targets.beatsPersistenceBy10Pct ? 'met' : 'missed'});
at least as good as ridge on RMSE: ${r.targets.atLeastAsGoodAsRidge ? 'yes' : 'no'}.

## Selection years (rolling origin), each fitted on the years before it

RMSE µg/m³ of the selected settings; these years chose them, so these are not held-out figures.

${foldTable(r.selection.byYear)}

Pooled over ${r.split.folds.map((f) => f.scoreYear).join(', ')}:

${table([
  ['model', r.selection.pooled.model],
  ['persistence', r.selection.pooled.persistence],
  ['ridge', r.selection.pooled.ridge],
])}

## What was tried on the selection years

Each row by rolling origin as above, nothing on 2008; reproduce a row with
\`node --import tsx models/air-quality/train/try.ts '<settings>'\` (unset settings are those of
config.ts; \`maxTrees\` bounds the tree counts tried; \`treesWithout\` keeps the trees off those
features). Each row's α, ridge λ and tree count are picked on the pooled years. The shipped
settings are the lowest pooled RMSE; most candidates are within 0.01 µg/m³ of it, while the
years differ by up to 1 µg/m³.

${triedOnFoldsTable()}

### Before rolling origin: tried on 2007 alone (models 2.0.0 and 2.1.0)

Each fitted on 1998–2006 and scored on 2007 with early stopping on 2007 (try.ts as it was
then); the rows marked as features added were run with those two features added to
features.ts, then taken out. Kept as the record of what was tried.

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
