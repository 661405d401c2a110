import { describe, expect, it } from 'vitest';
import { type AirAnomaly, isAirAnomaliesResponse } from '../../../dashboard/src/air-contracts.js';
import { anomalyMarkers } from '../../../dashboard/src/anomaly-markers.js';

const flag = (hour: string, kind: AirAnomaly['kind'], span: AirAnomaly['span'] = 'hour'): AirAnomaly => ({
  hour,
  span,
  pollutant: 'pm10',
  kind,
  score: 1.5,
  reason: `${kind}: why`,
});

describe('anomaly markers of the air history chart', () => {
  it('puts one marker on each flagged day at its PM10 mean, a line per flag, and leaves out days not on the chart', () => {
    // Prepare
    const dates = ['2026-12-03', '2026-12-04', '2026-12-05'];
    const pm10 = [30, null, 25];
    const flags = [
      flag('2026-12-05T13:00:00Z', 'spike'),
      flag('2026-12-04T00:00:00Z', 'drift', 'day'),
      flag('2026-12-05T02:00:00Z', 'stuck'),
      flag('2026-11-20T02:00:00Z', 'stuck'),
    ];

    // Act
    const markers = anomalyMarkers(dates, pm10, flags);

    // Assess: no PM10 mean on the 4th, so its marker sits on the axis.
    expect(markers.points).toEqual([null, 0, 25]);
    expect(markers.lines).toEqual([
      [],
      ['Drift: PM10, daily mean of 12-04 (score 1.50)'],
      ['Stuck: PM10, 12-05 02:00 UTC (score 1.50)', 'Spike: PM10, 12-05 13:00 UTC (score 1.50)'],
    ]);
    expect(markers.shown.map((s) => s.anomaly.kind)).toEqual(['drift', 'stuck', 'spike']);
  });

  it('takes the anomalies route’s answer and refuses one with an unknown kind or span', () => {
    // Prepare
    const good = { location: 'berlin', items: [flag('2026-12-05T13:00:00Z', 'spike')], truncated: false };

    // Act
    const verdicts = [
      good,
      { ...good, items: [{ ...good.items[0], kind: 'wobble' }] },
      { ...good, items: [{ ...good.items[0], span: 'week' }] },
      { ...good, items: [{ ...good.items[0], hour: '2026-12-05' }] },
      { ...good, truncated: undefined },
    ].map(isAirAnomaliesResponse);

    // Assess
    expect(verdicts).toEqual([true, false, false, false, false]);
  });
});
