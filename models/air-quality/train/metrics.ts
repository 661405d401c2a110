/**
 * Pre-2023 European Air Quality Index bands for PM10 (EEA, daily means here): good 0–20,
 * fair 20–40, moderate 40–50, poor 50–100, very poor 100–150, extremely poor > 150 µg/m³.
 * Evaluation only: the AQI tables the pipeline serves live in functions/lib/air-quality.
 */
export const EAQI_PM10_UPPER = [20, 40, 50, 100, 150] as const;
export const EAQI_PM10_BANDS = ['good', 'fair', 'moderate', 'poor', 'very poor', 'extremely poor'] as const;
/** The EU daily limit value for PM10, µg/m³. */
export const EXCEEDANCE_UGM3 = 50;

export function eaqiBand(pm10: number): number {
  let band = 0;
  while (band < EAQI_PM10_UPPER.length && pm10 > (EAQI_PM10_UPPER[band] as number)) band++;
  return band;
}

export interface ForecastMetrics {
  rows: number;
  rmse: number;
  mae: number;
  /** Share of rows whose forecast lands in the observed EAQI band. */
  bandAccuracy: number;
  /** "tomorrow > 50 µg/m³": of the days that were, the share forecast so. */
  exceedanceRecall: number;
  /** Of the days forecast > 50, the share that were. */
  exceedancePrecision: number;
  /** Days observed > 50 among the rows. */
  exceedances: number;
}

export function forecastMetrics(predicted: ArrayLike<number>, observed: ArrayLike<number>): ForecastMetrics {
  const n = observed.length;
  let se = 0;
  let ae = 0;
  let band = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < n; i++) {
    const p = predicted[i] as number;
    const o = observed[i] as number;
    se += (p - o) ** 2;
    ae += Math.abs(p - o);
    if (eaqiBand(p) === eaqiBand(o)) band++;
    const pe = p > EXCEEDANCE_UGM3;
    const oe = o > EXCEEDANCE_UGM3;
    if (pe && oe) tp++;
    else if (pe) fp++;
    else if (oe) fn++;
  }
  return {
    rows: n,
    rmse: Math.sqrt(se / n),
    mae: ae / n,
    bandAccuracy: band / n,
    exceedanceRecall: tp + fn === 0 ? Number.NaN : tp / (tp + fn),
    exceedancePrecision: tp + fp === 0 ? Number.NaN : tp / (tp + fp),
    exceedances: tp + fn,
  };
}
