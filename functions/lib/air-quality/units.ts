import { AirQualityInputError } from './errors.js';

/**
 * Gas concentrations between mixing ratios (ppb, ppm) and mass concentrations (µg/m³, mg/m³).
 *
 * µg/m³ = ppb × M / Vm, with M the molecular weight (g/mol) and Vm the molar volume of an
 * ideal gas at the reference conditions. US EPA reports gases at 25 °C and 760 mm Hg
 * (40 CFR 50.3, "reference conditions"), where Vm = R·T/p = 0.082057 × 298.15 / 1 = 24.45 L/mol.
 * The EU (Directive 2008/50/EC, Annex VI) reports gases at 293 K, where Vm would be 24.04 L/mol;
 * we use 24.45 throughout because every ppb figure we receive (Open-Meteo, AirNow, users'
 * sensors) is converted the EPA way, and the two differ by 1.7%, far inside the EAQI bands.
 */
export const MOLAR_VOLUME_LITRES_PER_MOL = 24.45;

/**
 * Molecular weights in g/mol of the gases the indices use (IUPAC atomic weights:
 * O 15.999, N 14.007, S 32.06, C 12.011).
 */
export const MOLECULAR_WEIGHT_G_PER_MOL = {
  o3: 48.0,
  no2: 46.01,
  so2: 64.07,
  co: 28.01,
} as const;

/** A gas with a known molecular weight. */
export type Gas = keyof typeof MOLECULAR_WEIGHT_G_PER_MOL;

function checked(value: number, unit: string): number {
  if (!Number.isFinite(value)) throw new AirQualityInputError(`${unit} concentration must be a finite number`);
  return value;
}

/** ppb → µg/m³ at 25 °C and 1 atm. */
export function ppbToMicrogramsPerCubicMetre(ppb: number, gas: Gas): number {
  return (checked(ppb, 'ppb') * MOLECULAR_WEIGHT_G_PER_MOL[gas]) / MOLAR_VOLUME_LITRES_PER_MOL;
}

/** µg/m³ → ppb at 25 °C and 1 atm. */
export function microgramsPerCubicMetreToPpb(microgramsPerCubicMetre: number, gas: Gas): number {
  return (checked(microgramsPerCubicMetre, 'µg/m³') * MOLAR_VOLUME_LITRES_PER_MOL) / MOLECULAR_WEIGHT_G_PER_MOL[gas];
}

/** ppm → mg/m³ at 25 °C and 1 atm (the same ratio as ppb → µg/m³). */
export function ppmToMilligramsPerCubicMetre(ppm: number, gas: Gas): number {
  return ppbToMicrogramsPerCubicMetre(ppm, gas);
}

/** mg/m³ → ppm at 25 °C and 1 atm. */
export function milligramsPerCubicMetreToPpm(milligramsPerCubicMetre: number, gas: Gas): number {
  return microgramsPerCubicMetreToPpb(milligramsPerCubicMetre, gas);
}

/** ppb → ppm. */
export function ppbToPpm(ppb: number): number {
  return checked(ppb, 'ppb') / 1000;
}

/** ppm → ppb. */
export function ppmToPpb(ppm: number): number {
  return checked(ppm, 'ppm') * 1000;
}
