import { FEATURE_INDEX, FEATURE_NAMES, type FeatureName } from './features.js';

/**
 * Turns per-feature contributions (SHAP: TreeSHAP plus the linear part, µg/m³) into the few reasons a person reads.
 * Related features are summed into one reason, because their split of the credit is
 * arbitrary (the trees may use the 3-day mean where they could use yesterday's value):
 * every lag, rolling mean and the 7-day count of the station → one "recent PM10" reason;
 * the network means of d and d-1 and the neighbours' mean → one "regional PM10" reason;
 * month and day of year → "season"; lon, lat, altitude and station/area type → "location".
 * Shapley values add, so a group's contribution is exactly the sum of its members'.
 */
export const REASON_GROUPS = {
  recentPm10: [
    'pm10_d0',
    'pm10_d1',
    'pm10_d2',
    'pm10_d6',
    'pm10_mean3',
    'pm10_mean7',
    'pm10_count7',
    'pm10_above_network_d0',
  ],
  networkPm10: ['network_mean_d0', 'network_mean_d1', 'neighbour_mean_d0', 'network_change_d0'],
  newYear: ['target_new_year'],
  easter: ['target_easter'],
  weekday: ['target_weekday'],
  season: ['target_month', 'target_doy_sin', 'target_doy_cos'],
  location: ['lon', 'lat', 'altitude_m', 'station_type', 'area_type'],
  temperature: ['temperature_c'],
  wind: ['wind_speed_ms'],
  precipitation: ['precipitation_mm'],
  humidity: ['humidity_pct'],
  pressure: ['pressure_hpa'],
} as const satisfies Record<string, readonly FeatureName[]>;

export type ReasonGroup = keyof typeof REASON_GROUPS;

export interface Reason {
  /** The group of features (a key of REASON_GROUPS). */
  feature: ReasonGroup;
  /** For people: what and by how much, e.g. "yesterday's PM10 here was high: +6 µg/m³". */
  text: string;
  /** µg/m³ added to (or taken from) the base value, rounded to 0.01. */
  contribution: number;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const round1 = (x: number) => (Math.abs(x) < 10 ? x.toFixed(1) : x.toFixed(0));

function amount(c: number): string {
  const text = round1(Math.abs(c));
  return `${c < 0 ? '−' : '+'}${text} µg/m³`;
}

function phrase(group: ReasonGroup, c: number, x: ArrayLike<number>): string {
  const v = (name: FeatureName) => x[FEATURE_INDEX[name]] as number;
  const highLow = c >= 0 ? 'high' : 'low';
  switch (group) {
    case 'recentPm10': {
      const today = v('pm10_d0');
      return Number.isNaN(today)
        ? `recent PM10 here was ${highLow}`
        : `recent PM10 here was ${highLow} (today ${round1(today)} µg/m³)`;
    }
    case 'networkPm10': {
      const mean = v('network_mean_d0');
      return Number.isNaN(mean)
        ? `PM10 in the region was ${highLow} today`
        : `PM10 in the region was ${highLow} today (network mean ${round1(mean)} µg/m³)`;
    }
    case 'newYear':
      return v('target_new_year') === 1 ? "New Year's Day (fireworks)" : "not New Year's Day";
    case 'easter':
      return v('target_easter') === 1 ? 'Easter weekend (bonfires)' : 'no Easter bonfires';
    case 'weekday':
      return `tomorrow is a ${WEEKDAYS[v('target_weekday')] ?? 'weekday'}`;
    case 'season':
      return `the season (${MONTHS[v('target_month') - 1] ?? 'this month'})`;
    case 'location':
      return "this station's location";
    case 'temperature': {
      const t = v('temperature_c');
      return `${t <= 0 ? 'frost' : t >= 25 ? 'hot weather' : 'temperature'} forecast (${round1(t)} °C)`;
    }
    case 'wind': {
      const w = v('wind_speed_ms');
      return `${w >= 6 ? 'strong wind' : w <= 2 ? 'calm' : 'wind'} forecast (${round1(w)} m/s)`;
    }
    case 'precipitation': {
      const p = v('precipitation_mm');
      return p >= 1 ? `rain forecast (${round1(p)} mm)` : 'dry forecast';
    }
    case 'humidity':
      return `humidity forecast (${round1(v('humidity_pct'))} %)`;
    case 'pressure': {
      const p = v('pressure_hpa');
      return `${p >= 1025 ? 'high pressure' : p <= 1005 ? 'low pressure' : 'pressure'} forecast (${round1(p)} hPa)`;
    }
  }
}

/** Contribution per group (sums of the features' contributions). */
export function groupContributions(contributions: ArrayLike<number>): Record<ReasonGroup, number> {
  const out = {} as Record<ReasonGroup, number>;
  for (const [group, names] of Object.entries(REASON_GROUPS) as [ReasonGroup, readonly FeatureName[]][]) {
    let sum = 0;
    for (const name of names) sum += contributions[FEATURE_INDEX[name]] as number;
    out[group] = sum;
  }
  return out;
}

/**
 * The `count` groups that moved the forecast most (by |contribution|), largest first, each
 * phrased from the row's own values. Groups that moved it by less than 0.05 µg/m³ are left out.
 */
export function topReasons(contributions: ArrayLike<number>, x: ArrayLike<number>, count = 3): Reason[] {
  if (contributions.length !== FEATURE_NAMES.length) throw new RangeError('one contribution per feature expected');
  return (Object.entries(groupContributions(contributions)) as [ReasonGroup, number][])
    .filter(([, c]) => Math.abs(c) >= 0.05)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, count)
    .map(([feature, c]) => ({
      feature,
      text: `${phrase(feature, c, x)}: ${amount(c)}`,
      contribution: Math.round(c * 100) / 100,
    }));
}
