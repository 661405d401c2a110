import { describe, expect, it } from 'vitest';
import { loadLabelledData, normaliseText } from '../../../models/sentiment/train/data.js';
import { groupFolds } from '../../../models/sentiment/train/folds.js';

describe('loadLabelledData', () => {
  it('reads the 3,000 labelled rows, drops the empty ones and merges duplicates into groups', () => {
    // Act
    const data = loadLabelledData();

    // Assess
    expect(data.rows).toBe(3000);
    expect(data.rowsByDomain).toEqual({ amazon: 1000, imdb: 1000, yelp: 1000 });
    expect(data.groups.reduce((n, g) => n + g.rows, 0)).toBe(3000);
    expect(new Set(data.groups.map((g) => normaliseText(g.text))).size).toBe(data.groups.length);
    expect(data.groups.length).toBeLessThan(3000);
    // "Very disappointing." occurs in amazon and imdb: one group, both domains.
    const shared = data.groups.find((g) => normaliseText(g.text) === 'very disappointing.');
    expect(shared?.domains.sort()).toEqual(['amazon', 'imdb']);
  });
});

describe('groupFolds', () => {
  it('assigns every group one fold, balanced by label, the same for the same seed', () => {
    // Prepare
    const labels = loadLabelledData().groups.map((g) => g.label);

    // Act
    const folds = groupFolds(labels, 10, 7);

    // Assess
    expect(Array.from(groupFolds(labels, 10, 7))).toEqual(Array.from(folds));
    expect(Array.from(groupFolds(labels, 10, 8))).not.toEqual(Array.from(folds));
    for (let k = 0; k < 10; k++) {
      const members = labels.filter((_, i) => folds[i] === k);
      const positives = members.filter((l) => l === 1).length;
      expect(Math.abs(members.length - labels.length / 10)).toBeLessThanOrEqual(1);
      expect(Math.abs(positives - members.length / 2)).toBeLessThanOrEqual(2);
    }
  });
});
