/**
 * US EPA AQI breakpoint tables, 2024 revision (PM2.5 annual NAAQS lowered to 9.0 µg/m³,
 * AQI changes effective May 6, 2024).
 *
 * Source: U.S. EPA, "Technical Assistance Document for the Reporting of Daily Air Quality – the
 * Air Quality Index (AQI)", EPA-454/B-24-002, May 2024, Table 6 "Breakpoints for the AQI"
 * (https://document.airnow.gov/technical-assistance-document-for-the-reporting-of-daily-air-quailty.pdf,
 * also https://nepis.epa.gov/Exe/ZyPURL.cgi?Dockey=P101AP0Q.txt), and 40 CFR Part 58 Appendix G,
 * Table 2, as revised by the PM NAAQS final rule (89 FR 16202, March 6, 2024). The 2024 revision
 * changed the PM2.5 rows (0.0–9.0 Good, 9.1–35.4 Moderate, 55.5–125.4 Unhealthy, 125.5–225.4
 * Very Unhealthy) and folded the two Hazardous rows (301–400, 401–500) into one 301–500 row for
 * every pollutant; the other pollutants' concentrations are unchanged from EPA-454/B-18-007 (2018).
 *
 * Each row maps the truncated concentration range [low, high] linearly onto [aqiLow, aqiHigh]
 * (Equation 1 of the TAD). A table's rows are contiguous after truncation: the next row's low is
 * the previous high plus one unit of the truncation precision.
 */
export interface AqiBreakpoint {
  /** Lowest truncated concentration of the row, in the table's unit. */
  readonly low: number;
  /** Highest truncated concentration of the row, in the table's unit. */
  readonly high: number;
  /** AQI at `low`. */
  readonly aqiLow: number;
  /** AQI at `high`. */
  readonly aqiHigh: number;
}

/** A breakpoint table with the unit and truncation its concentrations are read in. */
export interface AqiBreakpointTable {
  /** Unit of every concentration in `rows`. */
  readonly unit: 'µg/m³' | 'ppm' | 'ppb';
  /** Averaging time the rows are defined for. */
  readonly averaging: '1-hour' | '8-hour' | '24-hour';
  /**
   * Decimal places kept when truncating (TAD: PM2.5 to 0.1 µg/m³, PM10 to 1 µg/m³, O3 to
   * 0.001 ppm, CO to 0.1 ppm, SO2 and NO2 to 1 ppb).
   */
  readonly decimals: 0 | 1 | 3;
  /** Rows in increasing concentration; the last row is extrapolated above its `high`. */
  readonly rows: readonly AqiBreakpoint[];
}

const row = (low: number, high: number, aqiLow: number, aqiHigh: number): AqiBreakpoint => ({
  low,
  high,
  aqiLow,
  aqiHigh,
});

/**
 * Every measure the US AQI is defined on. Blank cells of Table 6 are absent rows: 8-hour ozone
 * defines no AQI above 300, 1-hour ozone none below 101, 1-hour SO2 none above 200, and 24-hour
 * SO2 none below 201 (TAD footnotes to Table 6).
 */
export const US_AQI_BREAKPOINTS = {
  pm25_24h: {
    unit: 'µg/m³',
    averaging: '24-hour',
    decimals: 1,
    rows: [
      row(0.0, 9.0, 0, 50),
      row(9.1, 35.4, 51, 100),
      row(35.5, 55.4, 101, 150),
      row(55.5, 125.4, 151, 200),
      row(125.5, 225.4, 201, 300),
      row(225.5, 325.4, 301, 500),
    ],
  },
  pm10_24h: {
    unit: 'µg/m³',
    averaging: '24-hour',
    decimals: 0,
    rows: [
      row(0, 54, 0, 50),
      row(55, 154, 51, 100),
      row(155, 254, 101, 150),
      row(255, 354, 151, 200),
      row(355, 424, 201, 300),
      row(425, 604, 301, 500),
    ],
  },
  o3_8h: {
    unit: 'ppm',
    averaging: '8-hour',
    decimals: 3,
    rows: [
      row(0.0, 0.054, 0, 50),
      row(0.055, 0.07, 51, 100),
      row(0.071, 0.085, 101, 150),
      row(0.086, 0.105, 151, 200),
      row(0.106, 0.2, 201, 300),
    ],
  },
  o3_1h: {
    unit: 'ppm',
    averaging: '1-hour',
    decimals: 3,
    rows: [
      row(0.125, 0.164, 101, 150),
      row(0.165, 0.204, 151, 200),
      row(0.205, 0.404, 201, 300),
      row(0.405, 0.604, 301, 500),
    ],
  },
  no2_1h: {
    unit: 'ppb',
    averaging: '1-hour',
    decimals: 0,
    rows: [
      row(0, 53, 0, 50),
      row(54, 100, 51, 100),
      row(101, 360, 101, 150),
      row(361, 649, 151, 200),
      row(650, 1249, 201, 300),
      row(1250, 2049, 301, 500),
    ],
  },
  so2_1h: {
    unit: 'ppb',
    averaging: '1-hour',
    decimals: 0,
    rows: [row(0, 35, 0, 50), row(36, 75, 51, 100), row(76, 185, 101, 150), row(186, 304, 151, 200)],
  },
  so2_24h: {
    unit: 'ppb',
    averaging: '24-hour',
    decimals: 0,
    rows: [row(305, 604, 201, 300), row(605, 1004, 301, 500)],
  },
  co_8h: {
    unit: 'ppm',
    averaging: '8-hour',
    decimals: 1,
    rows: [
      row(0.0, 4.4, 0, 50),
      row(4.5, 9.4, 51, 100),
      row(9.5, 12.4, 101, 150),
      row(12.5, 15.4, 151, 200),
      row(15.5, 30.4, 201, 300),
      row(30.5, 50.4, 301, 500),
    ],
  },
} as const satisfies Record<string, AqiBreakpointTable>;

/** A measure (pollutant × averaging time) with a breakpoint table. */
export type UsAqiMeasure = keyof typeof US_AQI_BREAKPOINTS;
