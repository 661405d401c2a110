import { calendarOf, FEATURE_COUNT } from '../../../functions/lib/air-forecast/index.js';
import { loadDailyReadings, loadStations } from '../../../models/air-quality/train/data.js';
import { buildDataset, type Dataset, subset } from '../../../models/air-quality/train/dataset.js';

let cached: { train: Dataset; valid: Dataset } | undefined;

/**
 * A few thousand rows of the bundled data, for tests that train: the readings of 2003 (train)
 * and January–February 2004 (validation) of ten stations, through the same buildDataset as
 * the full training run.
 */
export function smallDataset(): { train: Dataset; valid: Dataset } {
  if (cached) return cached;
  const all = loadDailyReadings();
  const keep = new Set([...new Set(all.map((r) => r.station))].sort().slice(10, 20));
  const readings = all.filter((r) => {
    const { year, month } = calendarOf(r.day);
    return keep.has(r.station) && (year === 2003 || (year === 2004 && month <= 2));
  });
  const data = buildDataset(readings, loadStations());
  const rows = Array.from({ length: data.rows }, (_, r) => r);
  const year = (r: number) => calendarOf((data.day[r] as number) + 1).year;
  cached = {
    train: subset(
      data,
      rows.filter((r) => year(r) === 2003),
    ),
    valid: subset(
      data,
      rows.filter((r) => year(r) === 2004),
    ),
  };
  if (cached.train.x.length !== cached.train.rows * FEATURE_COUNT) throw new Error('bad small dataset');
  return cached;
}
