import { describe, expect, it } from 'vitest';
import { networkExpectations } from '../../../../functions/lib/air-anomalies/index.js';

describe('networkExpectations', () => {
  it('gives each sensor the median of the others, unmoved by one faulty sensor', () => {
    // Act
    const expected = networkExpectations([10, 12, 14, 200, 16]);

    // Assess: others of 10 are 12 14 16 200 → 15; of 200 they are 10 12 14 16 → 13
    expect(expected).toEqual([15, 15, 14, 13, 13]);
  });

  it('prefers the neighbours within 150 km when at least three reported, and gives nothing below three others', () => {
    // Prepare: four sensors close together in the north, two far south
    const north = { lon: 10, lat: 54 };
    const near = (d: number) => ({ lon: 10 + d, lat: 54 });
    const south = { lon: 10, lat: 48 };
    const values = [20, 22, 24, 26, 60, 70];
    const locations = [north, near(0.5), near(1), near(1.5), south, south];

    // Act
    const expected = networkExpectations(values, locations);
    const tooFew = networkExpectations([1, 2, 3]);

    // Assess: the first northern sensor's neighbours are 22, 24, 26; a southern one has one neighbour, so all others
    expect(expected[0]).toBe(24);
    expect(expected[4]).toBe(24);
    expect(tooFew).toEqual([undefined, undefined, undefined]);
  });
});
