import { describe, expect, it } from 'vitest';
import { sensorHours } from '../../../functions/air-anomalies/sensor-hours.js';
import type { AirQualityRecord } from '../../../functions/lib/air-records/index.js';
import type { DecodedRecord } from '../../../functions/lib/kafka-event/index.js';

const HOUR = '2026-03-01T10:00:00Z';
const DECLARED = new Set(['berlin', 'munich', 'hamburg', 'waldhof']);

function reading(location: string, pm10: number | null, o3ppb?: number, hour = HOUR): AirQualityRecord {
  return {
    schemaVersion: 1,
    location,
    lat: 52,
    lon: 13,
    hour,
    source: 'open-meteo',
    readings: {
      pm25: null,
      pm10: pm10 === null ? null : { value: pm10, unit: 'µg/m³' },
      o3: o3ppb === undefined ? null : { value: o3ppb, unit: 'ppb' },
      no2: null,
      so2: null,
      co: null,
    },
  } as AirQualityRecord;
}
const at = (partition: number, offset: number) => ({ topic: 'air-quality', partition, offset }) as DecodedRecord;

describe('sensorHours', () => {
  it('expects the median of three or more other declared locations of the hour, the nearer of two, else nothing', () => {
    // Prepare
    const batch = [
      { record: at(0, 0), reading: reading('berlin', 10) },
      { record: at(1, 0), reading: reading('munich', 20) },
      { record: at(2, 0), reading: reading('hamburg', 40) },
      { record: at(0, 1), reading: reading('elsewhere', 1000) },
      { record: at(0, 2), reading: reading('waldhof', 30, 10, '2026-03-01T11:00:00Z') },
    ];

    // Act
    const hours = sensorHours(batch, DECLARED);

    // Assess: berlin's others are munich and hamburg (not the undeclared one), 20 the nearer to
    // its 10; munich's nearer is berlin's 10; the undeclared one has three: their median.
    // waldhof is alone in its hour.
    expect(hours.get('berlin|pm10')?.[0]?.expected).toBe(20);
    expect(hours.get('munich|pm10')?.[0]?.expected).toBe(10);
    expect(hours.get('elsewhere|pm10')?.[0]?.expected).toBe(20);
    expect(hours.get('waldhof|pm10')?.[0]?.expected).toBeUndefined();
    // Ozone in ppb is judged in µg/m³ (× 48.00 / 24.45).
    expect(hours.get('waldhof|o3')?.[0]?.value).toBeCloseTo((10 * 48.0) / 24.45, 2);
  });

  it('does not let one spiking neighbour of two make a sound location look off: the spike alone stays far from its expectation', () => {
    // Prepare: an hour only three locations reported, hamburg ×6.
    const batch = [
      { record: at(0, 0), reading: reading('berlin', 18) },
      { record: at(1, 0), reading: reading('munich', 21) },
      { record: at(2, 0), reading: reading('hamburg', 120) },
    ];

    // Act
    const hours = sensorHours(batch, DECLARED);

    // Assess: the median of two would be (21 + 120) / 2 = 70.5 for berlin and 69 for munich.
    expect(hours.get('berlin|pm10')?.[0]?.expected).toBe(21);
    expect(hours.get('munich|pm10')?.[0]?.expected).toBe(18);
    expect(hours.get('hamburg|pm10')?.[0]?.expected).toBe(21);
  });

  it('takes the first record of a location and hour in topic order, and sorts each sensor by hour', () => {
    // Prepare: a re-poll of 10:00 (later offset) and an 09:00 after it.
    const batch = [
      { record: at(1, 5), reading: reading('berlin', 11) },
      { record: at(1, 7), reading: reading('berlin', 99) },
      { record: at(2, 3), reading: reading('berlin', 8, undefined, '2026-03-01T09:00:00Z') },
    ];

    // Act
    const berlin = sensorHours([...batch].reverse(), DECLARED).get('berlin|pm10');

    // Assess
    expect(berlin?.map((h) => [h.hour, h.value])).toEqual([
      ['2026-03-01T09:00:00Z', 8],
      [HOUR, 11],
    ]);
  });
});
