import { describe, expect, it } from 'vitest';
import { EARTH_MEAN_RADIUS_KM, greatCircleKm } from '../../../functions/query-api/great-circle.js';

describe('greatCircleKm', () => {
  it('measures London to Paris, a point to itself, and half the globe', () => {
    // Act
    const londonParis = greatCircleKm({ lat: 51.5074, lon: -0.1278 }, { lat: 48.8566, lon: 2.3522 });
    const same = greatCircleKm({ lat: 52.52, lon: 13.405 }, { lat: 52.52, lon: 13.405 });
    const antipodes = greatCircleKm({ lat: 10, lon: 20 }, { lat: -10, lon: -160 });
    const acrossDateLine = greatCircleKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 });

    // Assess
    // 343.56 km worked separately with Python's math module; atlases give London–Paris as about 344 km.
    expect(londonParis).toBeCloseTo(343.56, 2);
    expect(same).toBe(0);
    // To the metre: asin near 1 is where the haversine formula loses digits (here 0.2 m).
    expect(antipodes).toBeCloseTo(Math.PI * EARTH_MEAN_RADIUS_KM, 3);
    // One degree of longitude on the equator: 2πR / 360, not 359 degrees the long way round.
    expect(acrossDateLine).toBeCloseTo((2 * Math.PI * EARTH_MEAN_RADIUS_KM) / 360, 6);
  });
});
