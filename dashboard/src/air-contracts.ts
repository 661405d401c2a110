/**
 * The query API's air-quality response shapes the dashboard reads (functions/query-api/air-*),
 * and guards that check a parsed body has them before any of it reaches the page. Only the
 * fields the air panel uses are checked; colours must be `#RRGGBB`, since the page paints with them.
 */

/** A US AQI category as the API gives it: EPA's key, name and colour. */
export interface AqiCategory {
  key: string;
  name: string;
  /** `#RRGGBB`. */
  colour: string;
}

export interface RiderAdviceView {
  level: string;
  mask: string;
  text: string;
  reason: string;
}

/** One location of `GET /v1/air/locations`. */
export interface AirLocationSummary {
  name: string;
  lat: number;
  lon: number;
  description: string;
  now: { hour: string; usAqi: number | null; category: AqiCategory | null } | null;
}

export interface AirLocationsResponse {
  locations: AirLocationSummary[];
}

export interface ForecastReason {
  feature: string;
  text: string;
  contribution: number;
}

/** A forecast day of `GET /v1/air/{location}`. */
export interface AirForecast {
  date: string;
  pm10: number;
  usAqi: number | null;
  category: AqiCategory | null;
  advice: RiderAdviceView | null;
  reasons: ForecastReason[];
}

/** `GET /v1/air/{location}` (the fields the panel shows). */
export interface AirLocationResponse {
  location: { name: string; description: string };
  now: { hour: string; usAqi: number | null; category: AqiCategory | null; advice: RiderAdviceView | null } | null;
  forecast: AirForecast | null;
}

/** One day of `GET /v1/air/{location}/history`. */
export interface AirHistoryDay {
  date: string;
  final: boolean;
  means: { pm25: { mean: number } | null; pm10: { mean: number } | null };
  forecast: { pm10: number } | null;
}

export interface AirHistoryResponse {
  location: { name: string };
  from: string;
  to: string;
  days: AirHistoryDay[];
}

/** One flag of `GET /v1/air/anomalies` (the fields the chart shows). */
export interface AirAnomaly {
  /** The flagged reading's hour, `YYYY-MM-DDTHH:00:00Z` (a day's first hour when `span` is `day`). */
  hour: string;
  /** `hour`: one hour's reading; `day`: a closed day's mean (the daily drift check). */
  span: 'hour' | 'day';
  pollutant: string;
  kind: 'spike' | 'stuck' | 'drift';
  score: number;
  reason: string;
}

export interface AirAnomaliesResponse {
  location: string;
  items: AirAnomaly[];
  truncated: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const orNull = (v: unknown, guard: (v: unknown) => boolean) => v === null || guard(v);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const COLOUR = /^#[0-9A-Fa-f]{6}$/;

function isCategory(v: unknown): v is AqiCategory {
  return isObject(v) && isString(v.key) && isString(v.name) && isString(v.colour) && COLOUR.test(v.colour);
}

function isAdvice(v: unknown): v is RiderAdviceView {
  return isObject(v) && isString(v.level) && isString(v.mask) && isString(v.text) && isString(v.reason);
}

function isNow(v: unknown): boolean {
  return isObject(v) && isString(v.hour) && orNull(v.usAqi, isNumber) && orNull(v.category, isCategory);
}

export function isAirLocationsResponse(v: unknown): v is AirLocationsResponse {
  return (
    isObject(v) &&
    Array.isArray(v.locations) &&
    v.locations.every(
      (l) =>
        isObject(l) &&
        isString(l.name) &&
        isString(l.description) &&
        isNumber(l.lat) &&
        isNumber(l.lon) &&
        orNull(l.now, isNow),
    )
  );
}

function isForecast(v: unknown): v is AirForecast {
  return (
    isObject(v) &&
    isString(v.date) &&
    DAY.test(v.date) &&
    isNumber(v.pm10) &&
    orNull(v.usAqi, isNumber) &&
    orNull(v.category, isCategory) &&
    orNull(v.advice, isAdvice) &&
    Array.isArray(v.reasons) &&
    v.reasons.every((r) => isObject(r) && isString(r.text) && isNumber(r.contribution))
  );
}

export function isAirLocationResponse(v: unknown): v is AirLocationResponse {
  return (
    isObject(v) &&
    isObject(v.location) &&
    isString(v.location.name) &&
    isString(v.location.description) &&
    orNull(v.now, (n) => isNow(n) && isObject(n) && orNull(n.advice, isAdvice)) &&
    orNull(v.forecast, isForecast)
  );
}

const isMean = (v: unknown) => v === null || (isObject(v) && isNumber(v.mean));

export function isAirHistoryResponse(v: unknown): v is AirHistoryResponse {
  return (
    isObject(v) &&
    Array.isArray(v.days) &&
    v.days.every(
      (d) =>
        isObject(d) &&
        isString(d.date) &&
        DAY.test(d.date) &&
        typeof d.final === 'boolean' &&
        isObject(d.means) &&
        isMean(d.means.pm25) &&
        isMean(d.means.pm10) &&
        orNull(d.forecast, (f) => isObject(f) && isNumber(f.pm10)),
    )
  );
}

const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/;
const KINDS: readonly unknown[] = ['spike', 'stuck', 'drift'];
const SPANS: readonly unknown[] = ['hour', 'day'];

export function isAirAnomaliesResponse(v: unknown): v is AirAnomaliesResponse {
  return (
    isObject(v) &&
    isString(v.location) &&
    typeof v.truncated === 'boolean' &&
    Array.isArray(v.items) &&
    v.items.every(
      (a) =>
        isObject(a) &&
        isString(a.hour) &&
        HOUR.test(a.hour) &&
        SPANS.includes(a.span) &&
        isString(a.pollutant) &&
        KINDS.includes(a.kind) &&
        isNumber(a.score) &&
        isString(a.reason),
    )
  );
}
