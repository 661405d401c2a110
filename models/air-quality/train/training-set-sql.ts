/**
 * The air-quality model's archived days as one SQL query over the archive (issue 13, item 3):
 * per (location, UTC day), the mean PM10 of the hours the anomaly stage did not flag, how many
 * hours that mean rests on and how many were left out, joined with that day's weather means.
 * The same text runs on DuckDB over a local copy of the archive (training-set.ts) and on
 * Athena over the Glue table (athena-training-set.ts); each runner substitutes the relations:
 *
 *   {{checked}}  archive rows of topic `air-quality-checked` (the air-quality record plus `check`)
 *   {{weather}}  archive rows of topic `weather`
 *
 * One (location, hour) can be archived many times: a re-poll of Open-Meteo or a sensor's
 * retry produces it again at a new offset, and a retried Lambda batch archives the same
 * offset twice. The copy kept is the newest (event time, then topic position): re-polls revise
 * values, and a re-sent hour carries the flags stored for it, so keeping the newest never
 * launders a flagged value. A PM10 value is left out when `check.flags.pm10` exists, whatever
 * the status says; `unchecked` hours are kept (the detector had no say on them).
 *
 * Kept to the subset DuckDB and Athena (Trino) share, and what was avoided:
 * - no `QUALIFY`, `DISTINCT ON`, `arg_max`/`max_by`: `row_number()` in a subquery, filtered outside;
 * - window PARTITION BY on extracted columns, not on SELECT aliases (Trino cannot see them):
 *   values are extracted in one CTE and ranked in the next;
 * - no `::` casts or `TRY_CAST` (Trino's `try_cast` is not DuckDB's spelling): `CAST(… AS DOUBLE)`;
 * - no `FILTER (WHERE …)` on aggregates: `count(CASE WHEN … THEN … END)`;
 * - no `->`/`->>` JSON operators or DuckDB's `json_extract_string`: `json_extract_scalar`
 *   (DuckDB gets it as a macro, DUCKDB_PRELUDE) for scalars and `json_extract(…) IS NOT NULL`
 *   for "the key exists", which both have for text input;
 * - no date functions (their names and types differ): the day is `substr(hour, 1, 10)` of the
 *   record's `YYYY-MM-DDTHH:00:00Z` hour;
 * - identifiers that are keywords in either dialect (`partition`, `offset`, `timestamp`,
 *   `value`) double-quoted, no double-quoted string literals.
 */

/** One archived (location, day), as the query returns it. */
/** The topic air-anomalies produces every reading to, judged (the contract of issue 13). */
export const CHECKED_TOPIC = 'air-quality-checked';
export const WEATHER_TOPIC = 'weather';

export interface ArchivedDay {
  /** The location's name (the records' `location`). */
  location: string;
  /** The UTC day, `YYYY-MM-DD`. */
  date: string;
  /** Mean PM10 of the kept hours, µg/m³; null when no hour of the day has an unflagged value. */
  pm10: number | null;
  /** Hours with an unflagged PM10 value (distinct hours: re-polls and retries counted once). */
  hours: number;
  /** Hours whose PM10 value was left out because the anomaly stage flagged it. */
  leftOut: number;
  /** The records' own coordinates (their largest: a location's are all the same, and a mean would round). */
  lat: number | null;
  lon: number | null;
  /** The day's weather (distinct hours of `weather`), null when none was archived. */
  weather: {
    /** Mean air temperature, °C. */
    temperatureC: number | null;
    /** Mean wind speed, m/s. */
    windSpeedMs: number | null;
    /** Sum of the hours' precipitation, mm. */
    precipitationMm: number | null;
    /** Mean relative humidity, %. */
    humidityPct: number | null;
    /** Mean surface pressure, hPa. */
    pressureHpa: number | null;
    /** Distinct hours the means rest on. */
    hours: number;
  } | null;
}

/** The query, with `{{checked}}` and `{{weather}}` to substitute (see `trainingSetQuery`). */
export const TRAINING_SET_SQL = `
WITH checked_rows AS (
  SELECT json_extract_scalar("value", '$.location') AS location,
         json_extract_scalar("value", '$.hour') AS reading_hour,
         CAST(json_extract_scalar("value", '$.lat') AS DOUBLE) AS lat,
         CAST(json_extract_scalar("value", '$.lon') AS DOUBLE) AS lon,
         CAST(json_extract_scalar("value", '$.readings.pm10.value') AS DOUBLE) AS pm10,
         CASE WHEN json_extract("value", '$.check.flags.pm10') IS NULL THEN 0 ELSE 1 END AS flagged,
         "timestamp" AS event_time, "partition" AS topic_partition, "offset" AS topic_offset
  FROM {{checked}}
),
checked AS (
  SELECT location, reading_hour, lat, lon, pm10, flagged,
         row_number() OVER (
           PARTITION BY location, reading_hour
           ORDER BY event_time DESC, topic_partition DESC, topic_offset DESC
         ) AS copy
  FROM checked_rows
  WHERE location IS NOT NULL AND reading_hour IS NOT NULL
),
air_days AS (
  SELECT location,
         substr(reading_hour, 1, 10) AS reading_day,
         avg(CASE WHEN flagged = 0 THEN pm10 END) AS pm10,
         count(CASE WHEN flagged = 0 THEN pm10 END) AS hours,
         count(CASE WHEN flagged = 1 THEN pm10 END) AS left_out,
         max(lat) AS lat,
         max(lon) AS lon
  FROM checked
  WHERE copy = 1
  GROUP BY location, substr(reading_hour, 1, 10)
),
weather_rows AS (
  SELECT json_extract_scalar("value", '$.location') AS location,
         json_extract_scalar("value", '$.hour') AS reading_hour,
         CAST(json_extract_scalar("value", '$.temperatureC') AS DOUBLE) AS temperature_c,
         CAST(json_extract_scalar("value", '$.windSpeedMs') AS DOUBLE) AS wind_speed_ms,
         CAST(json_extract_scalar("value", '$.precipitationMm') AS DOUBLE) AS precipitation_mm,
         CAST(json_extract_scalar("value", '$.relativeHumidityPct') AS DOUBLE) AS humidity_pct,
         CAST(json_extract_scalar("value", '$.pressureHpa') AS DOUBLE) AS pressure_hpa,
         "timestamp" AS event_time, "partition" AS topic_partition, "offset" AS topic_offset
  FROM {{weather}}
),
weather AS (
  SELECT location, reading_hour, temperature_c, wind_speed_ms, precipitation_mm, humidity_pct, pressure_hpa,
         row_number() OVER (
           PARTITION BY location, reading_hour
           ORDER BY event_time DESC, topic_partition DESC, topic_offset DESC
         ) AS copy
  FROM weather_rows
  WHERE location IS NOT NULL AND reading_hour IS NOT NULL
),
weather_days AS (
  SELECT location,
         substr(reading_hour, 1, 10) AS reading_day,
         avg(temperature_c) AS temperature_c,
         avg(wind_speed_ms) AS wind_speed_ms,
         sum(precipitation_mm) AS precipitation_mm,
         avg(humidity_pct) AS humidity_pct,
         avg(pressure_hpa) AS pressure_hpa,
         count(*) AS weather_hours
  FROM weather
  WHERE copy = 1
  GROUP BY location, substr(reading_hour, 1, 10)
)
SELECT air_days.location AS location,
       air_days.reading_day AS reading_day,
       air_days.pm10 AS pm10,
       air_days.hours AS hours,
       air_days.left_out AS left_out,
       air_days.lat AS lat,
       air_days.lon AS lon,
       weather_days.temperature_c AS temperature_c,
       weather_days.wind_speed_ms AS wind_speed_ms,
       weather_days.precipitation_mm AS precipitation_mm,
       weather_days.humidity_pct AS humidity_pct,
       weather_days.pressure_hpa AS pressure_hpa,
       weather_days.weather_hours AS weather_hours
FROM air_days
LEFT JOIN weather_days
  ON weather_days.location = air_days.location AND weather_days.reading_day = air_days.reading_day
ORDER BY air_days.reading_day, air_days.location
`;

/** What DuckDB runs before the query, so the query's one Athena-only function exists there too. */
export const DUCKDB_PRELUDE =
  'CREATE OR REPLACE MACRO json_extract_scalar(document, json_path) AS json_extract_string(document, json_path)';

/** The query over the two relations (a table name, or a parenthesised subquery or table function). */
export function trainingSetQuery(relations: { checked: string; weather: string }): string {
  return TRAINING_SET_SQL.replaceAll('{{checked}}', relations.checked).replaceAll('{{weather}}', relations.weather);
}

const numberOrNull = (cell: unknown): number | null => {
  if (cell === null || cell === undefined || cell === '') return null;
  const n = Number(cell);
  return Number.isFinite(n) ? n : null;
};

/** A result row (column name → cell, as DuckDB's JSON rows or Athena's text cells give it) as an `ArchivedDay`. */
export function archivedDayOf(row: Readonly<Record<string, unknown>>): ArchivedDay {
  const weatherHours = numberOrNull(row.weather_hours) ?? 0;
  return {
    location: String(row.location),
    date: String(row.reading_day),
    pm10: numberOrNull(row.pm10),
    hours: numberOrNull(row.hours) ?? 0,
    leftOut: numberOrNull(row.left_out) ?? 0,
    lat: numberOrNull(row.lat),
    lon: numberOrNull(row.lon),
    weather:
      weatherHours === 0
        ? null
        : {
            temperatureC: numberOrNull(row.temperature_c),
            windSpeedMs: numberOrNull(row.wind_speed_ms),
            precipitationMm: numberOrNull(row.precipitation_mm),
            humidityPct: numberOrNull(row.humidity_pct),
            pressureHpa: numberOrNull(row.pressure_hpa),
            hours: weatherHours,
          },
  };
}
