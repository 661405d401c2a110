import { createRequire } from 'node:module';

/**
 * The UCI Sentiment Labelled Sentences data set (Kotzias, Denil, de Freitas & Smyth, KDD 2015):
 * 1,000 sentences each from Amazon product reviews, IMDb and Yelp, half positive, as the
 * `sentiment` package ships it for its own tests (each file ends with one empty row, dropped).
 */
export const DOMAINS = ['amazon', 'imdb', 'yelp'] as const;
export type Domain = (typeof DOMAINS)[number];

export const DATA_SOURCE =
  'UCI Sentiment Labelled Sentences (Kotzias et al., KDD 2015), as shipped in sentiment@5.0.2 test/fixtures/{amazon,imdb,yelp}.json';

/**
 * The corpus files as paths from the repo root. `loadLabelledData` reads them through the
 * `sentiment` package, so a Lambda bundle that trains (functions/retrainer) ships them at these
 * paths under its root, where the bundle's own `require` finds them (esbuild cannot inline a
 * require whose path is computed).
 */
export const BASE_CORPUS_FILES = DOMAINS.map((domain) => `node_modules/sentiment/test/fixtures/${domain}.json`);

/** One distinct sentence: the rows whose normalised text is the same, merged. */
export interface LabelledGroup {
  /** The text of the group's first row, as written. */
  text: string;
  /** 1 positive, 0 negative (the rows' majority; ties go negative, none occur). */
  label: 0 | 1;
  /** Every domain a row of the group came from (a sentence can occur in two). */
  domains: Domain[];
  /** How many rows were merged into it. */
  rows: number;
}

export interface LabelledData {
  groups: LabelledGroup[];
  /** Non-empty rows read. */
  rows: number;
  /** Rows per domain. */
  rowsByDomain: Record<Domain, number>;
  /** Groups whose rows disagree on the label. */
  conflicting: number;
}

interface FixtureRow {
  text: string;
  class: number | null;
}

/** How sentences are compared for duplicates: NFKC, lowercase, whitespace collapsed. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * Reads the three domains and merges identical sentences into one group, so a sentence
 * can never be in both the training and the test part of a split.
 */
export function loadLabelledData(): LabelledData {
  const require = createRequire(import.meta.url);
  const byText = new Map<string, { text: string; positives: number; rows: number; domains: Set<Domain> }>();
  const rowsByDomain = { amazon: 0, imdb: 0, yelp: 0 };
  let rows = 0;
  for (const domain of DOMAINS) {
    const fixture = require(`sentiment/test/fixtures/${domain}.json`) as FixtureRow[];
    for (const row of fixture) {
      if (typeof row.text !== 'string' || row.text.trim() === '' || (row.class !== 0 && row.class !== 1)) continue;
      rows++;
      rowsByDomain[domain]++;
      const key = normaliseText(row.text);
      let group = byText.get(key);
      if (!group) byText.set(key, (group = { text: row.text.trim(), positives: 0, rows: 0, domains: new Set() }));
      group.rows++;
      group.positives += row.class;
      group.domains.add(domain);
    }
  }
  let conflicting = 0;
  const groups: LabelledGroup[] = [];
  for (const g of byText.values()) {
    if (g.positives > 0 && g.positives < g.rows) conflicting++;
    groups.push({ text: g.text, label: g.positives * 2 > g.rows ? 1 : 0, domains: [...g.domains], rows: g.rows });
  }
  return { groups, rows, rowsByDomain, conflicting };
}
