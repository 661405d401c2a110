/**
 * Which real station's PM10 history the demo replays for each declared location of
 * infra/pipeline.ts. All are rural background stations of the bundled AirBase extract
 * (models/air-quality/data/de-pm10-stations.csv) with near-complete 2007–2008 series, the
 * nearest such station to each location:
 * - berlin ↔ DEBE032 (Berlin, 13 km from Mitte)
 * - hamburg ↔ DENI063 (Lower Saxony, 21 km from Hamburg's Altstadt)
 * - waldhof ↔ DEUB005 (UBA's Waldhof station itself)
 * - munich ↔ DEBY047 (Bavaria, 534 m; no closer Bavarian station has 2007–2008 data, it is
 *   about 240 km away)
 * A rural background station reads lower than a city centre would: the demo's city values are
 * on the clean side. `altitudeM` (the city's, approximate) only sets the surface pressure.
 */
export const DEMO_AIR_STATIONS: Record<string, { station: string; altitudeM: number }> = {
  berlin: { station: 'DEBE032', altitudeM: 34 },
  hamburg: { station: 'DENI063', altitudeM: 6 },
  waldhof: { station: 'DEUB005', altitudeM: 74 },
  munich: { station: 'DEBY047', altitudeM: 520 },
};

/** Used for a location declared without a mapping above, so a new location still gets a history. */
export const FALLBACK_AIR_STATION = { station: 'DEUB005', altitudeM: 74 } as const;
