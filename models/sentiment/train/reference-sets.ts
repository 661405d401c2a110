/**
 * The fixed sets every sentiment candidate is judged on beside the current model (issue 13,
 * item 5), besides the time-based holdout of labelled feedback:
 *
 * - `amazon`, `imdb`, `yelp`: the base corpus's three domains (the cross-domain splits' test
 *   sides). Both the shipped model and every candidate trained on them, so they measure what a
 *   candidate forgot of the base corpus, not how it generalises;
 * - `feedback-holdout`: models/sentiment/eval/feedback-holdout.tsv, short product feedback
 *   no model was trained or tuned on.
 */

import { existsSync, readFileSync } from 'node:fs';
import { DOMAINS, loadLabelledData } from './data.js';

/** One labelled text of a reference set. */
export interface ReferenceItem {
  text: string;
  label: 0 | 1;
}

export type ReferenceSets = Record<string, readonly ReferenceItem[]>;

/** The feedback holdout as a path from the repo root. */
export const FEEDBACK_HOLDOUT_FILE = 'models/sentiment/eval/feedback-holdout.tsv';

/**
 * Beside the sources it is `../eval/`; in a Lambda bundle this module is part of one `index.mjs`
 * at the bundle's root, and the retrainer ships the file at its repo path under that root.
 */
function feedbackHoldoutUrl(): URL {
  const besideSources = new URL('../eval/feedback-holdout.tsv', import.meta.url);
  return existsSync(besideSources) ? besideSources : new URL(FEEDBACK_HOLDOUT_FILE, import.meta.url);
}

/** Label 1 positive, 0 negative, a tab, the text: one per line. */
export function readFeedbackHoldout(): ReferenceItem[] {
  return readFileSync(feedbackHoldoutUrl(), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [label, text] = line.split('\t') as [string, string];
      return { text, label: label === '1' ? 1 : 0 };
    });
}

export function referenceSets(): ReferenceSets {
  const { groups } = loadLabelledData();
  const sets: Record<string, ReferenceItem[]> = {};
  for (const domain of DOMAINS) {
    sets[domain] = groups.filter((g) => g.domains.includes(domain)).map((g) => ({ text: g.text, label: g.label }));
  }
  sets['feedback-holdout'] = readFeedbackHoldout();
  return sets;
}
