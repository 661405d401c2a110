import { type UsAqiCategoryKey, usAqiCategory } from './us-aqi-categories.js';

/**
 * Mask advice for cyclists by US AQI category.
 *
 * Why cyclists are treated as a sensitive group: for ozone EPA names people who are active
 * outdoors among the sensitive groups (TAD EPA-454/B-24-002, Table 4 "Pollutant-specific
 * sensitive groups"), and its cautionary statements for every pollutant are about prolonged or
 * heavy exertion (Table 5). Exertion is what a ride is: minute ventilation rises several-fold on
 * a hard ride and is drawn through the mouth, bypassing the nose's filtering, so a rider takes in
 * a multiple of the dose of someone walking the same street. EPA's cautionary statements (TAD Table 5) step from "unusually sensitive
 * people should consider reducing prolonged or heavy exertion" (Moderate) through "sensitive
 * groups should reduce prolonged or heavy exertion" (USG) and "avoid" (Unhealthy) to "avoid all
 * physical activity outdoors" (Very Unhealthy, Hazardous); the levels below follow those steps
 * for a rider. Masks: a well-fitted FFP2 (EN 149) or N95 (NIOSH 42 CFR 84) filters ≥ 94–95% of
 * fine particles; it does nothing for ozone or NO2, which is why the text for those categories
 * also says to ride at another time.
 *
 * This is declared data so that a change of policy is a reviewed edit of one table.
 */
export const RIDER_MASK_ADVICE = ['none', 'consider', 'wear', 'avoid-riding'] as const;
export type RiderMaskAdvice = (typeof RIDER_MASK_ADVICE)[number];

/** What a rider is told for one AQI category. */
export interface RiderAdvice {
  /** The US AQI category the advice is for. */
  readonly level: UsAqiCategoryKey;
  /** Mask advice: `none`, `consider` (on long or hard rides), `wear`, or `avoid-riding`. */
  readonly mask: RiderMaskAdvice;
  /** The advice, one or two sentences for a notification. */
  readonly text: string;
  /** Why, in terms of the category's health message. */
  readonly reason: string;
}

export const RIDER_ADVICE: Readonly<Record<UsAqiCategoryKey, RiderAdvice>> = {
  good: {
    level: 'good',
    mask: 'none',
    text: 'No mask needed. Enjoy the ride.',
    reason: 'Air quality is satisfactory; pollution poses little or no risk, even at high exertion.',
  },
  moderate: {
    level: 'moderate',
    mask: 'none',
    text: 'No mask needed. Riders who are unusually sensitive to air pollution may prefer a shorter or easier route.',
    reason:
      'Acceptable air, but EPA advises unusually sensitive people to consider reducing prolonged or heavy exertion.',
  },
  'unhealthy-for-sensitive-groups': {
    level: 'unhealthy-for-sensitive-groups',
    mask: 'consider',
    text: 'Consider an FFP2/N95 mask on long or hard rides, or shorten the ride.',
    reason: 'Cyclists breathe hard and are among the groups EPA expects to feel effects at this level.',
  },
  unhealthy: {
    level: 'unhealthy',
    mask: 'wear',
    text: 'Wear a well-fitted FFP2/N95 mask, or ride at another time.',
    reason: 'Everyone may feel effects; active people should avoid prolonged or heavy exertion outdoors.',
  },
  'very-unhealthy': {
    level: 'very-unhealthy',
    mask: 'avoid-riding',
    text: "Don't ride. For essential trips only, wear a well-fitted FFP2/N95 mask and keep the effort low.",
    reason: 'Health alert: everyone is more likely to be affected; EPA advises avoiding physical activity outdoors.',
  },
  hazardous: {
    level: 'hazardous',
    mask: 'avoid-riding',
    text: "Don't ride. For essential trips only, wear a well-fitted FFP2/N95 mask and keep the effort low.",
    reason: 'Health warning of emergency conditions: everyone should avoid physical activity outdoors.',
  },
};

/** The rider advice for an integer US AQI ≥ 0. */
export function riderAdvice(aqi: number): RiderAdvice {
  return RIDER_ADVICE[usAqiCategory(aqi).key];
}
