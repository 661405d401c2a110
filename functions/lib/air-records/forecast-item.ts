/**
 * The `air-forecasts` table's item: tomorrow's air for one location, written once per
 * (location, date) when the day before it closes (its daily window is final), read by the
 * query API, the dashboard and the `#air-quality` alerts. A contract between the function that
 * writes it and everything that reads it, so it lives beside the record contracts.
 *
 *   location  S  partition key: a declared location's name (AirLocation.name)
 *   date      S  sort key: the day forecast, YYYY-MM-DD (UTC calendar day)
 */
export const AIR_FORECAST_ITEM_VERSION = 1 as const;

/** One reason a forecast is what it is: a group of the model's features and its signed share. */
export interface AirForecastItemReason {
  /** The group of features (a key of REASON_GROUPS in functions/lib/air-forecast). */
  feature: string;
  /** For people, e.g. "yesterday's PM10 here was high: +6 µg/m³". */
  text: string;
  /** µg/m³ added to (or taken from) the model's base value. */
  contribution: number;
}

export interface AirForecastItem {
  location: string;
  /** The day forecast, YYYY-MM-DD. */
  date: string;
  /** The closed day whose means the forecast was computed from (date − 1 day). */
  basedOn: string;
  version: typeof AIR_FORECAST_ITEM_VERSION;
  /** Predicted daily mean PM10, µg/m³. */
  pm10: number;
  /** US AQI of the predicted PM10 (24-hour mean), its category key (US_AQI_CATEGORIES) and EAQI level 1–6. */
  usAqi: number;
  usCategory: string;
  eaqi: { level: number; category: string };
  /** Rider advice for the predicted category (RIDER_ADVICE in functions/lib/air-quality). */
  advice: { level: string; mask: string; text: string; reason: string };
  /** Top contributing factors, largest |contribution| first; with baseValue they sum to pm10. */
  reasons: AirForecastItemReason[];
  baseValue: number;
  /** Whether tomorrow's weather forecast was joined (false: forecast made without weather). */
  withWeather: boolean;
  /** model-card.json version of the model that made it. */
  modelVersion: string;
  /** When it was computed, RFC 3339 UTC. */
  computedAt: string;
}
