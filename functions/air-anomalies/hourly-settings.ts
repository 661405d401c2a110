import { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from '../lib/air-anomalies/index.js';

/**
 * The detector's settings for hourly readings. Its defaults were chosen on daily means
 * (functions/lib/air-anomalies/settings.ts); an hour is not a day:
 *
 * - drift off (`driftClip` 0: the CUSUM never moves). A day whose ratio to the neighbours sits
 *   1.5σ off for 24 hours is ordinary, and an hourly CUSUM adds it up to a "drift" by the
 *   afternoon; a drift is a matter of days, which is what daily means are for.
 * - a spike episode that lasts 3 hours is accepted as the sensor's level (`spikeRelearnAfter`):
 *   a day when one location sits far from the others (Munich, 240 km from its replayed
 *   station's neighbours, on 2008-02-19) was otherwise 24 hourly spikes, since flagged
 *   readings are never learned from.
 * - a spike must be at least 20 µg/m³ from what was expected, not 10: an hourly value swings
 *   more than a daily mean, and the expectation comes from 2–3 other locations, not a region.
 * - stuck as on days: the same 10^-5.5 chance given the sensor's resolution and its usual
 *   change between readings, learned per sensor.
 *
 * On the demo's hours (real 2008 PM10 shaped into hours, 26 two-week stretches, 4 locations ×
 * 6 pollutants; test/functions/air-anomalies/demo-hours.test.ts, which keeps these figures):
 * 0.029 % of clean readings flagged, 94 % of ×5 PM10 spikes and 90 % of 8-hour stuck runs
 * found. Tried there: the daily settings as they are flag 1.04 % with `persistence` 0.8 and
 * 0.34 % with 0.4; `spikeMinAbs` 10 with the 3-hour relearning 0.089 % (97 % of spikes);
 * `spikeZ` 6 instead of the larger minimum kept fewer spikes for more false flags.
 */
export const HOURLY_DETECTOR_SETTINGS: Readonly<DetectorSettings> = {
  ...DEFAULT_DETECTOR_SETTINGS,
  spikeMinAbs: 20,
  spikeRelearnAfter: 3,
  driftClip: 0,
};
