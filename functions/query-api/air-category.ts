/** How the air routes show an index level: the key, the agency's name for it and its colour. */

import { EAQI_LEVELS, US_AQI_CATEGORIES } from '../lib/air-quality/index.js';

/** A US AQI category: EPA's key, name and colour (hex of EPA's RGB, US_AQI_CATEGORIES). */
export interface UsCategoryView {
  key: string;
  name: string;
  colour: string;
}

/** An EAQI level 1 (Good) … 6 (Extremely poor) with the EEA's name. */
export interface EaqiView {
  level: number;
  category: string;
  name: string;
}

/** The category of a key, or null for a key the library does not know (an item from elsewhere). */
export function usCategoryView(key: unknown): UsCategoryView | null {
  const c = US_AQI_CATEGORIES.find((category) => category.key === key);
  return c === undefined ? null : { key: c.key, name: c.name, colour: c.hex };
}

export function eaqiView(level: unknown): EaqiView | null {
  const l = EAQI_LEVELS.find((e) => e.level === level);
  return l === undefined ? null : { level: l.level, category: l.key, name: l.name };
}
