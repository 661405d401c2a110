import type { Domain } from './data.js';
import type { Accuracy, BandStats } from './evaluate.js';

/** evaluation.json: every figure the report and the model card quote. */
export interface EvaluationReport {
  model: { name: string; version: string; featureVersion: string; l2: number; fitBias: boolean; trainedAt: string };
  data: {
    source: string;
    rows: number;
    rowsByDomain: Record<Domain, number>;
    dedupedGroups: number;
    conflictingGroups: number;
    positiveGroups: number;
  };
  pooled10Fold: {
    folds: number;
    seed: number;
    model: Accuracy;
    afinn: Accuracy;
    vader: Accuracy;
    foldAccuracy: { model: number[]; afinn: number[]; vader: number[] };
  };
  crossDomain: {
    test: Domain;
    train: Domain[];
    trainGroups: number;
    model: Accuracy;
    afinn: Accuracy;
    vader: Accuracy;
  }[];
  feedbackCheck: {
    description: string;
    model: Accuracy;
    afinn: Accuracy;
    vader: Accuracy;
    /** Items the model gets wrong, with its score. */
    modelErrors: { text: string; label: 0 | 1; score: number }[];
  };
  regularisation: { l2: number; pooled10FoldAccuracy: number }[];
  bands: {
    rule: string;
    recommended: { negativeBelow: number; positiveAbove: number } | null;
    shipped: { negativeBelow: number; positiveAbove: number };
    outOfFold: { negative: BandStats; neutral: { share: number; count: number }; positive: BandStats };
    candidates: { negativeBelow: number; positiveAbove: number; negative: BandStats; positive: BandStats }[];
  };
  operatingPoints: { cutoff: number; below: BandStats; above: BandStats }[];
  targets: {
    pooled10FoldAccuracy: number;
    pooled10FoldMet: boolean;
    crossDomainAheadOfBothBaselines: boolean;
  };
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
}

const pct = (x: number) => (100 * x).toFixed(1);
const acc = (a: Accuracy) => a.accuracy.toFixed(3);

/** The evaluation as Markdown: printed by `npm run train` and saved as evaluation.md. */
export function renderReport(r: EvaluationReport): string {
  const sd = (xs: number[]) => {
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
  };
  const f = r.pooled10Fold;
  const lines = [
    `# Sentiment model evaluation — ${r.model.name} ${r.model.version}`,
    '',
    `Features \`${r.model.featureVersion}\`, logistic regression, L2 λ = ${r.model.l2}, ${r.model.fitBias ? 'fitted intercept' : 'no intercept (a text with no known feature scores 0.5)'}, trained ${r.model.trainedAt}.`,
    `Data: ${r.data.source}. ${r.data.rows} non-empty rows (${Object.entries(r.data.rowsByDomain)
      .map(([d, n]) => `${d} ${n}`)
      .join(
        ', ',
      )}), ${r.data.dedupedGroups} distinct sentences after merging duplicates (NFKC, lowercase, whitespace collapsed; ${r.data.conflictingGroups} with conflicting labels), ${r.data.positiveGroups} positive.`,
    'Every split is over distinct sentences, so no sentence is in both training and test. AFINN = `sentiment` score ≥ 0 → positive; VADER = `vader-sentiment` compound ≥ 0 → positive; both on exactly the same test items as the model.',
    '',
    '## Accuracy',
    '',
    table(
      ['evaluation', 'test items', 'model', 'AFINN', 'VADER', 'model − best baseline'],
      [
        [
          `pooled ${f.folds}-fold CV (seed ${f.seed})`,
          f.model.total,
          `${acc(f.model)} ± ${sd(f.foldAccuracy.model).toFixed(3)}`,
          `${acc(f.afinn)} ± ${sd(f.foldAccuracy.afinn).toFixed(3)}`,
          `${acc(f.vader)} ± ${sd(f.foldAccuracy.vader).toFixed(3)}`,
          (f.model.accuracy - Math.max(f.afinn.accuracy, f.vader.accuracy)).toFixed(3),
        ],
        ...r.crossDomain.map((c) => [
          `cross-domain: train ${c.train.join('+')} → test ${c.test}`,
          c.model.total,
          acc(c.model),
          acc(c.afinn),
          acc(c.vader),
          (c.model.accuracy - Math.max(c.afinn.accuracy, c.vader.accuracy)).toFixed(3),
        ]),
        [
          'feedback check (final model, hand-written, see below)',
          r.feedbackCheck.model.total,
          acc(r.feedbackCheck.model),
          acc(r.feedbackCheck.afinn),
          acc(r.feedbackCheck.vader),
          (
            r.feedbackCheck.model.accuracy - Math.max(r.feedbackCheck.afinn.accuracy, r.feedbackCheck.vader.accuracy)
          ).toFixed(3),
        ],
      ],
    ),
    '',
    `± is the standard deviation across the ${f.folds} folds. Targets: pooled accuracy ≥ ${r.targets.pooled10FoldAccuracy} — ${r.targets.pooled10FoldMet ? 'met' : 'NOT MET'}; ahead of both baselines on every cross-domain split — ${r.targets.crossDomainAheadOfBothBaselines ? 'met' : 'NOT MET'}.`,
    '',
    '## Regularisation',
    '',
    `λ was picked on the pooled CV above (so that figure is slightly optimistic); the whole grid, same folds:`,
    '',
    table(
      ['L2 λ', 'pooled 10-fold accuracy'],
      r.regularisation.map((g) => [g.l2, g.pooled10FoldAccuracy.toFixed(4)]),
    ),
    '',
    '## Feedback check',
    '',
    `${r.feedbackCheck.description} The final model (trained on all data) gets ${r.feedbackCheck.modelErrors.length} of ${r.feedbackCheck.model.total} wrong:`,
    '',
    r.feedbackCheck.modelErrors.length === 0
      ? '(none)'
      : table(
          ['text', 'label', 'score'],
          r.feedbackCheck.modelErrors.map((e) => [e.text, e.label === 1 ? 'positive' : 'negative', e.score.toFixed(3)]),
        ),
    '',
    '## Bands',
    '',
    `Rule: ${r.bands.rule}. Recommended: ${r.bands.recommended ? `negative < ${r.bands.recommended.negativeBelow}, positive > ${r.bands.recommended.positiveAbove}` : 'none qualifies'}; shipped (SENTIMENT_THRESHOLDS): negative < ${r.bands.shipped.negativeBelow}, positive > ${r.bands.shipped.positiveAbove}.`,
    '',
    table(
      ['neutral band', 'negative share %', 'negative precision %', 'positive share %', 'positive precision %'],
      r.bands.candidates.map((c) => [
        `[${c.negativeBelow}, ${c.positiveAbove}]`,
        pct(c.negative.share),
        (100 * c.negative.precision).toFixed(2),
        pct(c.positive.share),
        (100 * c.positive.precision).toFixed(2),
      ]),
    ),
    '',
    '## Operating points (out of fold)',
    '',
    'Share of texts scored below / above each cut-off, and the share of those that are negative / positive. The feedback function notifies below 0.3 and above 0.9.',
    '',
    table(
      ['cut-off', 'below: share %', 'below: negative %', 'above: share %', 'above: positive %'],
      r.operatingPoints.map((o) => [
        o.cutoff,
        pct(o.below.share),
        pct(o.below.precision),
        pct(o.above.share),
        pct(o.above.precision),
      ]),
    ),
    '',
    'Regenerate with `npm run train`.',
    '',
  ];
  return lines.join('\n');
}
